import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, NavBar, Tag, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { shortDateTime, yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { QrImage } from '../../../common/QrImage.tsx';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { PaySheet } from '../cart/PaySheet.tsx';
import { Countdown } from '../Countdown.tsx';
import { useNow } from '../useNow.ts';
import { type ShopTeam, teamApi, teamKeys } from './teamApi.ts';
import { TeamMembers } from './TeamMembers.tsx';
import { usePayTeamOrder } from './usePayTeamOrder.ts';

const stateColor: Record<ShopTeam['state'], 'primary' | 'success' | 'default'> = { open: 'primary', formed: 'success', failed: 'default' };

/** A team from its share link: its members' avatars, the countdown, joining it, and my order's standing. */
export default function TeamPage() {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const client = useQueryClient();
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  const leaderId = search.get('leader');
  const now = useNow();
  // While it is open the page follows it (others join, it forms or fails).
  const team = useQuery({
    queryKey: teamKeys.team(id),
    queryFn: () => teamApi.team(id),
    refetchInterval: (q) => (q.state.data?.state === 'open' ? 5000 : false),
  });
  const order = usePayTeamOrder();
  return (
    <div className="ll-page">
      <NavBar onBack={() => navigate('/me/teams')}>{t('team.teamTitle')}</NavBar>
      <main className="ll-content">
        <QueryState query={team}>
          {(tm) => {
            const joinable = tm.state === 'open' && !tm.mine && tm.myOrderState !== 'pending' && new Date(tm.expiresAt).getTime() > now;
            return (
              <>
                <section className="ll-card">
                  <div className="ll-row">
                    <b>{tm.deal.title}</b>
                    <Tag color={stateColor[tm.state]} data-testid="team-state" data-state={tm.state}>
                      {t(`team.states.${tm.state}`)}
                    </Tag>
                  </div>
                  <div className="shop-team-price">
                    <span className="shop-team-price-now">{yuan(tm.deal.teamPriceFen)}</span>
                    <s className="ll-muted">{yuan(tm.deal.groupPriceFen)}</s>
                    <span className="shop-team-size">{t('team.size', { count: tm.size })}</span>
                  </div>
                  <TeamMembers team={tm} />
                  {tm.state === 'open' && (
                    <>
                      <p data-testid="team-slots">{t('team.slotsLeft', { count: tm.slotsLeft })}</p>
                      <Countdown until={tm.expiresAt} now={now} />
                    </>
                  )}
                  {tm.state === 'formed' && <p className="shop-ok">{t('team.formedText')}</p>}
                  {tm.state === 'failed' && <p className="shop-warn">{t('team.failedText')}</p>}
                  {tm.myOrderState && (
                    <p data-testid="team-my-order" data-state={tm.myOrderState}>
                      {t(`team.myOrder.${tm.myOrderState}`)}{' '}
                      {tm.myOrderId && (
                        <Button size="mini" fill="none" onClick={() => navigate(`/orders/${tm.myOrderId}`)}>
                          {t('team.seeOrder')}
                        </Button>
                      )}
                    </p>
                  )}
                  {order.error && (
                    <div className="shop-error" data-testid="team-error">
                      {order.error}
                    </div>
                  )}
                  {joinable && (
                    <Button
                      block
                      color="primary"
                      loading={order.busy}
                      onClick={() => void order.start((key) => teamApi.join(tm.id, leaderId, key))}
                      data-testid="team-join"
                    >
                      {t('team.join', { price: yuan(tm.deal.teamPriceFen) })}
                    </Button>
                  )}
                </section>
                {tm.mine && tm.state === 'open' && <SharePoster team={tm} />}
                <section className="ll-card">
                  <h4 style={{ marginTop: 0 }}>{t('team.history')}</h4>
                  {tm.history.map((h, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the history is append-only, in order
                    <div key={i} className="shop-kv" data-testid="team-history">
                      <span>{t(`team.events.${h.kind}`)}</span>
                      <span className="ll-muted">
                        {h.amountFen !== null && `${yuan(h.amountFen)} · `}
                        {shortDateTime(h.at)}
                      </span>
                    </div>
                  ))}
                </section>
              </>
            );
          }}
        </QueryState>
      </main>
      <PaySheet
        order={order.paying?.placed.order ?? null}
        payment={order.paying?.payment}
        onClose={order.close}
        onPaid={() => {
          order.close();
          Toast.show({ content: t('team.paidJoin'), icon: 'success' });
          void client.invalidateQueries({ queryKey: teamKeys.team(id) });
          void client.invalidateQueries({ queryKey: teamKeys.mine });
        }}
      />
    </div>
  );
}

/** The poster a member shares to fill the team: the price, the slots left and the link's QR code. */
function SharePoster({ team }: { team: ShopTeam }) {
  const { t } = useTranslation('shop');
  const url = `${window.location.origin}${team.sharePath}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      Toast.show({ icon: 'success', content: t('team.copied') });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorText(t, err) });
    }
  };
  return (
    <div className="shop-invite-poster" data-testid="team-poster">
      <h2>{team.deal.title}</h2>
      <p>{t('team.posterText', { price: yuan(team.deal.teamPriceFen), count: team.slotsLeft })}</p>
      <QrImage value={url} size={180} alt={t('team.qrAlt')} />
      <p className="ll-muted" data-testid="team-share-url">
        {url}
      </p>
      <Button size="small" onClick={() => void copy()} data-testid="team-copy">
        {t('team.copy')}
      </Button>
      <p className="ll-muted">{t('team.shareHint')}</p>
    </div>
  );
}
