import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, NavBar, Toast } from 'antd-mobile';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { ApiError } from '../../../common/api.ts';
import { shortDateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api, useProfile } from '../api.ts';
import { locate } from '../points/locate.ts';
import { type ApplicationBody, type ApplicationView, LeaderApplyForm } from './LeaderApplyForm.tsx';
import { recruitRef } from './recruit-ref.ts';

export const applicationsKey = ['shop', 'leader-applications'] as const;

/** The server's refusal in words: a phone that already leads, or an application already in review. */
export function applyErrorText(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && err.code === 'CONFLICT') {
    return t(err.details?.leaderId ? 'leaderApply.alreadyLeader' : 'leaderApply.pendingExists');
  }
  return errorText(t, err);
}

const statusColor = { pending: '#ff6a00', approved: '#00b578', rejected: '#999' } as const;

/** One application with its status, the reason of a rejection, and what to do next. */
export function ApplicationCard({ application: a, compact = false }: { application: ApplicationView; compact?: boolean }) {
  const { t } = useTranslation('shop');
  return (
    <section className="ll-card" data-testid="leader-application" data-status={a.status}>
      <div className="ll-row">
        <b>{a.pickupPoint.name}</b>
        <span className="shop-status" style={{ color: statusColor[a.status] }} data-testid="leader-application-status">
          {t(`leaderApply.status.${a.status}`)}
        </span>
      </div>
      <div className="ll-muted" style={{ margin: '4px 0' }}>
        {a.pickupPoint.address}
        {a.pickupPoint.openingHours && ` · ${a.pickupPoint.openingHours}`}
      </div>
      <div className="ll-muted">
        {t('leaderApply.appliedAt', { time: shortDateTime(a.createdAt) })}
        {a.decidedAt && ` · ${t('leaderApply.decidedAt', { time: shortDateTime(a.decidedAt) })}`}
      </div>
      {a.reason && (
        <div className="shop-error" data-testid="leader-application-reason">
          {t('leaderApply.reason', { reason: a.reason })}
        </div>
      )}
      {!compact && a.status === 'pending' && (
        <div className="shop-notice" style={{ margin: '8px 0 0' }}>
          {t('leaderApply.pendingHint')}
        </div>
      )}
      {!compact && a.status === 'approved' && (
        <>
          <div className="shop-notice" style={{ margin: '8px 0' }}>
            {t('leaderApply.approvedHint')}
          </div>
          <Button block color="primary" onClick={() => window.location.assign('/leader/')} data-testid="leader-apply-open-leader">
            {t('leaderApply.openLeader')}
          </Button>
        </>
      )}
    </section>
  );
}

/** Me → become a group leader: the application form, then its status (in review, approved, or why not). */
export default function LeaderApply() {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const location = useLocation();
  const client = useQueryClient();
  const me = useProfile().data;
  // came through a leader's recruit link (/shop/apply?ref=…): the application names the referrer
  const ref = recruitRef(location.search);
  const mine = useQuery({
    queryKey: applicationsKey,
    queryFn: async () => (await api.get<{ items: ApplicationView[] }>('shop/leader-applications')).items,
  });
  const [again, setAgain] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (body: ApplicationBody) => {
    setError(null);
    try {
      const created = await api.post<ApplicationView>('shop/leader-applications', ref ? { ...body, ref } : body);
      client.setQueryData<ApplicationView[]>(applicationsKey, (old) => [created, ...(old ?? [])]);
      setAgain(false);
      Toast.show({ content: t('leaderApply.submitted'), icon: 'success' });
    } catch (err) {
      setError(applyErrorText(t, err));
    }
  };

  return (
    <div className="ll-page">
      <NavBar onBack={() => navigate('/me')}>{t('leaderApply.title')}</NavBar>
      <main className="ll-content" style={{ padding: '12px 0 120px' }}>
        <QueryState query={mine}>
          {(items) => {
            const [latest, ...earlier] = items;
            const showForm = !latest || (latest.status === 'rejected' && again);
            return (
              <>
                {latest && (
                  <div style={{ padding: '0 12px' }}>
                    <ApplicationCard application={latest} />
                    {latest.status === 'rejected' && !again && (
                      <Button block color="primary" onClick={() => setAgain(true)} data-testid="leader-apply-again">
                        {t('leaderApply.again')}
                      </Button>
                    )}
                  </div>
                )}
                {showForm && (
                  <>
                    {!latest && (
                      <div className="shop-notice" style={{ margin: '0 12px 12px' }}>
                        {t('leaderApply.intro')}
                      </div>
                    )}
                    <LeaderApplyForm
                      previous={latest ?? null}
                      defaultName={me?.name ?? ''}
                      locate={() => locate()}
                      onSubmit={submit}
                      error={error}
                    />
                  </>
                )}
                {earlier.length > 0 && (
                  <div style={{ padding: '12px 12px 0' }}>
                    <div className="ll-muted" style={{ marginBottom: 8 }}>
                      {t('leaderApply.history')}
                    </div>
                    {earlier.map((a) => (
                      <ApplicationCard key={a.id} application={a} compact />
                    ))}
                  </div>
                )}
              </>
            );
          }}
        </QueryState>
      </main>
    </div>
  );
}
