import { Button, Image, ImageViewer, Tag } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Page as ApiPage } from '../../../common/api.ts';
import { shortDateTime, yuan } from '../../../common/format.ts';
import { PagedList } from '../../../mobile/PagedList.tsx';
import { api, type Claim, type ClaimStatus } from '../api.ts';
import { Chips } from '../Chips.tsx';
import { Page } from '../Page.tsx';
import { DecisionSheet } from './DecisionSheet.tsx';

const statuses: ClaimStatus[] = ['submitted', 'refunded', 'approved', 'rejected', 'withdrawn'];
const statusColor: Record<ClaimStatus, string> = {
  submitted: 'warning',
  approved: 'primary',
  refunded: 'success',
  rejected: 'danger',
  withdrawn: 'default',
};

function ClaimRow({ claim: c, onDecide }: { claim: Claim; onDecide: (action: 'approve' | 'reject') => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div className="ll-card" data-testid="claim-row">
      <div className="ll-row">
        <span className="lc-title">{c.title}</span>
        <Tag color={statusColor[c.status]} fill="outline">
          {t(`aftersales.status.${c.status}`)}
        </Tag>
      </div>
      <div className="ll-muted">
        {t(`aftersales.type.${c.type}`)} · {t('aftersales.quantity', { count: c.quantity })} · {shortDateTime(c.createdAt)}
      </div>
      <div className="ll-row">
        <span>{t('aftersales.requested', { amount: yuan(c.requestedFen) })}</span>
        {c.approvedFen !== null && <span className="ll-price">{t('aftersales.approvedAmount', { amount: yuan(c.approvedFen) })}</span>}
      </div>
      {c.description && <p className="la-desc">{c.description}</p>}
      {c.evidenceUrls.length > 0 && (
        <div className="la-evidence">
          {c.evidenceUrls.map((url, i) => (
            <Image
              key={url}
              src={url}
              width={64}
              height={64}
              fit="cover"
              onClick={() => ImageViewer.Multi.show({ images: c.evidenceUrls, defaultIndex: i })}
            />
          ))}
        </div>
      )}
      {c.decisionReason && <div className="ll-muted">{t('aftersales.decision', { reason: c.decisionReason })}</div>}
      <div className="lv-actions">
        <Button size="small" fill="none" onClick={() => navigate(`/orders/${encodeURIComponent(c.orderId)}`)}>
          {t('aftersales.order')}
        </Button>
        {c.status === 'submitted' && (
          <>
            <Button size="small" color="danger" fill="outline" onClick={() => onDecide('reject')} data-testid="claim-reject">
              {t('aftersales.reject')}
            </Button>
            <Button size="small" color="primary" onClick={() => onDecide('approve')} data-testid="claim-approve">
              {t('aftersales.approve')}
            </Button>
          </>
        )}
      </div>
    </div>
  );
}

/** After-sales claims of my members: decide the new ones (refund, or reject with a reason), see the rest. */
export default function AftersalesPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<ClaimStatus | ''>('submitted');
  const [deciding, setDeciding] = useState<{ claim: Claim; action: 'approve' | 'reject' } | null>(null);
  return (
    <Page title={t('aftersales.title')} back>
      <Chips<ClaimStatus | ''>
        options={[...statuses.map((s) => ({ label: t(`aftersales.status.${s}`), value: s })), { label: t('common:all'), value: '' }]}
        value={status}
        onChange={setStatus}
        testid="aftersales-status"
      />
      <PagedList
        queryKey={['leader', 'aftersales', status]}
        fetchPage={(page, pageSize) => api.get<ApiPage<Claim>>('leader/aftersales', { status, page, pageSize })}
        itemKey={(c) => c.id}
        render={(c) => <ClaimRow claim={c} onDecide={(action) => setDeciding({ claim: c, action })} />}
        emptyText={t('aftersales.none')}
      />
      {deciding && <DecisionSheet claim={deciding.claim} action={deciding.action} onClose={() => setDeciding(null)} />}
    </Page>
  );
}
