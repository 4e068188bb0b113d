import { Button, NoticeBar, Toast } from 'antd-mobile';
import { StateBlock } from '../../mobile/StateBlock.tsx';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { QueryState } from '../../mobile/QueryState.tsx';
import { useRoute, useRouteStep } from './hooks.ts';
import { type Route, type RouteStop, kg, routeProgress, stopActions } from './route.ts';
import { StopDetails } from './StopDetails.tsx';
import { StopStatusTag, goodsText } from './StopItem.tsx';
import { FailSheet, HandOverSheet } from './StopSheets.tsx';
import { TopBar } from './TopBar.tsx';

function StopScreen({ route, stop }: { route: Route; stop: RouteStop }) {
  const { t } = useTranslation('driver');
  const navigate = useNavigate();
  const step = useRouteStep(route.id);
  const [sheet, setSheet] = useState<'hand-over' | 'fail' | null>(null);
  const actions = stopActions(route, stop);
  const next = routeProgress(route).next;
  const run = (action: 'arrive' | 'hand-over' | 'fail', done: string, reason?: string) =>
    step.mutate(
      { action, stopId: stop.id, reason },
      {
        onSuccess: () => {
          setSheet(null);
          Toast.show({ icon: 'success', content: done });
        },
      },
    );
  return (
    <>
      <main className="dv-content dv-content-actions">
        {route.status !== 'in_transit' && stop.status === 'pending' && (
          <NoticeBar content={t('route.departFirst')} color="info" wrap className="dv-notice" />
        )}
        {stop.status === 'handed_over' && (
          <div className="dv-state dv-state-wait" data-testid="awaiting-leader">
            <strong>{t('stop.awaitingLeader')}</strong>
            <span>{t('stop.awaitingHint')}</span>
          </div>
        )}
        {stop.status === 'confirmed' && (
          <div className="dv-state dv-state-ok" data-testid="leader-confirmed">
            <strong>{t('stop.confirmed')}</strong>
          </div>
        )}
        {stop.status === 'failed' && (
          <div className="dv-state dv-state-fail">
            <strong>{t('stop.failedNoReason')}</strong>
          </div>
        )}
        <section className="dv-card">
          <div className="dv-row">
            <h2 className="dv-stop-title">{stop.pickupPointName}</h2>
            <StopStatusTag status={stop.status} />
          </div>
          <StopDetails stop={stop} />
        </section>
        <section className="dv-card">
          <div className="dv-row">
            <h3 className="dv-section-title">{t('stop.handOverList')}</h3>
            <span className="dv-muted">
              {goodsText(t, stop.lines)} · {t('route.crates', { count: stop.load.crates })} · {kg(stop.load.weightG)}
            </span>
          </div>
          {stop.lines.length === 0 ? (
            <p className="dv-muted">{t('stop.noLines')}</p>
          ) : (
            <ul className="dv-lines" data-testid="stop-lines">
              {stop.lines.map((l) => (
                <li key={l.skuId}>
                  <span>{l.title}</span>
                  <strong>× {l.quantity}</strong>
                </li>
              ))}
            </ul>
          )}
          <p className="dv-muted dv-bundle-id">
            {t('stop.bundle')} {stop.bundleId}
          </p>
        </section>
      </main>
      <footer className="dv-footer">
        {actions.includes('arrive') && (
          <Button
            block
            size="large"
            color="primary"
            className="dv-big"
            loading={step.isPending}
            onClick={() => run('arrive', t('stop.arrived'))}
            data-testid="arrive"
          >
            {t('stop.arrive')}
          </Button>
        )}
        {actions.includes('hand-over') && (
          <Button block size="large" color="primary" className="dv-big" onClick={() => setSheet('hand-over')} data-testid="hand-over">
            {t('stop.handOver')}
          </Button>
        )}
        {actions.includes('fail') && (
          <Button block size="large" fill="outline" color="danger" className="dv-big" onClick={() => setSheet('fail')} data-testid="fail">
            {t('stop.fail')}
          </Button>
        )}
        {actions.length === 0 && next && next.id !== stop.id && (
          <Button
            block
            size="large"
            color="primary"
            className="dv-big"
            onClick={() => navigate(`/routes/${route.id}/stops/${next.id}`)}
            data-testid="next-stop"
          >
            <span className="dv-ellipsis">
              {t('stop.nextStop')} · {next.seq}. {next.pickupPointName}
            </span>
          </Button>
        )}
        {actions.length === 0 && (
          <Button block size="large" className="dv-big" onClick={() => navigate(`/routes/${route.id}`)}>
            {t('stop.backToRoute')}
          </Button>
        )}
      </footer>
      <HandOverSheet
        stop={stop}
        open={sheet === 'hand-over'}
        busy={step.isPending}
        onClose={() => setSheet(null)}
        onConfirm={() => run('hand-over', t('handOver.done'))}
      />
      <FailSheet
        open={sheet === 'fail'}
        busy={step.isPending}
        onClose={() => setSheet(null)}
        onSubmit={(reason) => run('fail', t('fail.done'), reason)}
      />
    </>
  );
}

/** One stop: where it is and who to call, what to hand over, and arrive / hand over / cannot deliver. */
export function StopPage() {
  const { t } = useTranslation('driver');
  const { id = '', stopId = '' } = useParams();
  const navigate = useNavigate();
  const route = useRoute(id);
  const stop = route.data?.stops.find((s) => s.id === stopId);
  return (
    <div className="ll-page dv-page">
      <TopBar title={stop ? t('stop.seq', { seq: stop.seq }) : ''} onBack={() => navigate(`/routes/${id}`)} />
      <QueryState query={route}>
        {(r) => {
          const s = r.stops.find((x) => x.id === stopId);
          return s ? <StopScreen route={r} stop={s} /> : <StateBlock status="empty" title={t('stop.notFound')} />;
        }}
      </QueryState>
    </div>
  );
}
