import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Page as ApiPage } from '../../../common/api.ts';
import { shortDateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { PagedList } from '../../../mobile/PagedList.tsx';
import { api, type Unpicked, type UnpickedStatus } from '../api.ts';
import { Chips } from '../Chips.tsx';
import { Page } from '../Page.tsx';
import { displayPhone } from '../phone.ts';
import { RemindButton } from '../orders/RemindButton.tsx';

const statuses: UnpickedStatus[] = ['to_dispose', 'to_return', 'disposed', 'returned'];
const statusColor: Record<UnpickedStatus, string> = {
  to_dispose: 'warning',
  to_return: 'primary',
  disposed: 'default',
  returned: 'default',
};

/** What was left behind: each line not handed out, with its quantity. */
export function unpickedLines(u: Pick<Unpicked, 'lines'>): string {
  return u.lines.map((l) => `${l.title}×${l.quantity}`).join('、');
}

/** One unpicked order: whose it was and what was left, all from the unpicked record (no request per row). */
export function UnpickedRow({ item: u }: { item: Unpicked }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const dispose = useMutation({
    mutationFn: () => api.post<Unpicked>(`leader/unpicked/${encodeURIComponent(u.orderId)}/disposal`),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: t('unpicked.disposed') });
      void client.invalidateQueries({ queryKey: ['leader', 'unpicked'] });
    },
    onError: (err) => Toast.show({ icon: 'fail', content: errorText(t, err) }),
  });
  const units = u.lines.reduce((s, l) => s + l.quantity, 0);
  return (
    <div className="ll-card" data-testid="unpicked-item">
      <div className="ll-row">
        <button type="button" className="lc-title lu-order" onClick={() => navigate(`/orders/${encodeURIComponent(u.orderId)}`)}>
          {t('unpicked.order', { date: u.pickupDate.slice(5), units })} ›
        </button>
        <Tag color={statusColor[u.status]} fill="outline">
          {t(`unpicked.status.${u.status}`)}
        </Tag>
      </div>
      <div className="lu-what" data-testid="unpicked-what">
        <span className="lo-who" data-testid="unpicked-resident">
          {u.residentName || t('verify.noName')} <span className="ll-muted">{displayPhone(u.residentPhone)}</span>
        </span>
        <div data-testid="unpicked-lines">{unpickedLines(u)}</div>
      </div>
      <div className="ll-muted">
        {t(`unpicked.rule.${u.rule}`)} · {t('unpicked.recorded', { time: shortDateTime(u.recordedAt) })}
        {u.refundId ? ` · ${t('unpicked.refunded')}` : ''}
      </div>
      {(u.status === 'to_dispose' || u.status === 'to_return') && <RemindButton orderId={u.orderId} />}
      {u.status === 'to_dispose' && (
        <Button
          block
          color="primary"
          fill="outline"
          className="lu-dispose"
          loading={dispose.isPending}
          onClick={() => {
            void Dialog.confirm({
              content: t('unpicked.disposeConfirm'),
              confirmText: t('common:confirm'),
              cancelText: t('common:cancel'),
              onConfirm: () => dispose.mutate(),
            });
          }}
          data-testid="unpicked-dispose"
        >
          {t('unpicked.dispose')}
        </Button>
      )}
    </div>
  );
}

/** Orders nobody picked up in time at my points, and the goods I still have to dispose of. */
export default function UnpickedPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<UnpickedStatus | ''>('');
  return (
    <Page title={t('unpicked.title')} back>
      <Chips<UnpickedStatus | ''>
        options={[{ label: t('common:all'), value: '' }, ...statuses.map((s) => ({ label: t(`unpicked.status.${s}`), value: s }))]}
        value={status}
        onChange={setStatus}
        testid="unpicked-status"
      />
      <p className="ll-muted">{t('unpicked.hint')}</p>
      <PagedList
        queryKey={['leader', 'unpicked', status]}
        fetchPage={(page, pageSize) => api.get<ApiPage<Unpicked>>('leader/unpicked', { status, page, pageSize })}
        itemKey={(u) => u.orderId}
        render={(u) => <UnpickedRow item={u} />}
        emptyText={t('unpicked.none')}
      />
    </Page>
  );
}
