import { useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, NavBar, Steps, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Page } from '../../../common/api.ts';
import { shortDateTime, yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { PagedList } from '../../../mobile/PagedList.tsx';
import { api, keys } from '../api.ts';
import type { Claim } from '../types.ts';

/** Where a claim is: submitted → decided → refunded (a rejection or withdrawal ends it). */
function progress(c: Claim): { current: number; failed: boolean } {
  if (c.status === 'submitted') return { current: 1, failed: false };
  if (c.status === 'approved') return { current: 2, failed: false };
  if (c.status === 'refunded') return { current: 3, failed: false };
  return { current: 1, failed: true };
}

function ClaimCard({ claim, onWithdraw }: { claim: Claim; onWithdraw: () => void }) {
  const { t } = useTranslation('shop');
  const p = progress(claim);
  return (
    <section className="ll-card" data-testid="claim-row" data-claim-id={claim.id}>
      <div className="ll-row">
        <b>{claim.title}</b>
        <span className={`shop-status shop-status-${claim.status}`} data-testid="claim-status" data-status={claim.status}>
          {t(`claim.status.${claim.status}`)}
        </span>
      </div>
      <div className="ll-muted" style={{ margin: '4px 0' }}>
        {t(`claim.types.${claim.type}`)} × {claim.quantity} · {t('claim.requested', { amount: yuan(claim.requestedFen) })}
        {claim.approvedFen !== null && ` · ${t('claim.approved', { amount: yuan(claim.approvedFen) })}`} · {shortDateTime(claim.createdAt)}
      </div>
      <Steps current={p.current - 1} style={{ '--title-font-size': '13px', padding: '4px 0' } as React.CSSProperties}>
        <Steps.Step title={t('claim.steps.submitted')} status="finish" />
        <Steps.Step
          title={p.failed ? t(`claim.status.${claim.status}`) : t('claim.steps.decided')}
          status={p.failed ? 'error' : p.current >= 2 ? 'finish' : 'process'}
        />
        <Steps.Step title={t('claim.steps.refunded')} status={p.current >= 3 ? 'finish' : 'wait'} />
      </Steps>
      {claim.description && <div>{claim.description}</div>}
      {claim.evidenceUrls.length > 0 && (
        <div className="shop-thumbs">
          {claim.evidenceUrls.map((u) => (
            <img key={u} src={u} alt="" loading="lazy" />
          ))}
        </div>
      )}
      {claim.decisionReason && <div className="ll-muted">{t('claim.reason', { reason: claim.decisionReason })}</div>}
      {claim.status === 'submitted' && (
        <div className="shop-actions">
          <Button size="small" shape="rounded" onClick={onWithdraw} data-testid="claim-withdraw">
            {t('claim.withdraw')}
          </Button>
        </div>
      )}
    </section>
  );
}

/** My after-sales claims with their progress; an open one can be withdrawn. */
export default function Claims() {
  const { t } = useTranslation('shop');
  const navigate = useNavigate();
  const client = useQueryClient();
  const withdraw = async (c: Claim) => {
    if (!(await Dialog.confirm({ content: t('claim.withdrawTitle'), confirmText: t('claim.withdraw'), cancelText: t('common:back') })))
      return;
    try {
      await api.post(`shop/aftersales/${c.id}/withdraw`, {});
      Toast.show({ content: t('claim.withdrawn') });
    } catch (err) {
      Toast.show({ content: errorText(t, err), icon: 'fail' });
    }
    await client.invalidateQueries({ queryKey: keys.claims });
  };
  return (
    <div className="ll-page">
      <NavBar onBack={() => navigate(-1)}>{t('claim.list')}</NavBar>
      <main className="ll-content">
        <PagedList<Claim>
          queryKey={[...keys.claims]}
          fetchPage={(page, pageSize) => api.get<Page<Claim>>('shop/aftersales', { page, pageSize })}
          itemKey={(c) => c.id}
          emptyText={t('claim.empty')}
          render={(c) => <ClaimCard claim={c} onWithdraw={() => void withdraw(c)} />}
        />
      </main>
    </div>
  );
}
