import { useQuery } from '@tanstack/react-query';
import { List, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { dateTime, yuan } from '../../../common/format.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { api, type LeaderOrder } from '../api.ts';
import { Page } from '../Page.tsx';
import { displayPhone } from '../phone.ts';
import { RemindButton } from './RemindButton.tsx';
import { statusColor } from './status.ts';

/** One order at my pickup points: who, the lines with refunds, the money and the times. */
export default function OrderDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const order = useQuery({
    queryKey: ['leader', 'order', id],
    queryFn: () => api.get<LeaderOrder>(`leader/orders/${encodeURIComponent(id)}`),
  });
  return (
    <Page title={t('orders.detail')} back>
      <QueryState query={order}>
        {(o) => (
          <>
            <div className="ll-card" data-testid="order-detail">
              <div className="ll-row">
                <span className="lo-who">
                  {o.residentName} <span className="ll-muted">{displayPhone(o.residentPhone)}</span>
                </span>
                <Tag color={statusColor[o.status]} fill="outline">
                  {t(`orderStatus.${o.status}`)}
                </Tag>
              </div>
              <div className="ll-muted">
                {o.orderNo} · {t('orders.pickupOn', { date: o.pickupDate })}
              </div>
            </div>
            <List mode="card" header={t('orders.lines')}>
              {o.lines.map((l) => (
                <List.Item
                  key={l.id}
                  description={
                    l.refundedQuantity > 0 || l.refundedFen > 0
                      ? t('orders.refundedLine', { quantity: l.refundedQuantity, amount: yuan(l.refundedFen) })
                      : undefined
                  }
                  extra={<span className="ll-price">{yuan(l.amountFen)}</span>}
                >
                  {l.title}
                  <span className="ll-muted">
                    {' '}
                    {yuan(l.unitPriceFen)} × {l.quantity}
                  </span>
                </List.Item>
              ))}
            </List>
            <List mode="card">
              <List.Item extra={yuan(o.totalFen)}>{t('orders.total')}</List.Item>
              {o.refundedFen > 0 && <List.Item extra={`-${yuan(o.refundedFen)}`}>{t('orders.refunded')}</List.Item>}
              <List.Item extra={<span className="lo-total">{yuan(o.totalFen - o.refundedFen)}</span>}>{t('orders.net')}</List.Item>
            </List>
            {o.status === 'delivered' && (
              <div style={{ padding: '0 12px' }}>
                <RemindButton orderId={o.id} />
              </div>
            )}
            <List mode="card">
              <List.Item extra={dateTime(o.createdAt)}>{t('orders.createdAt')}</List.Item>
              {o.paidAt && <List.Item extra={dateTime(o.paidAt)}>{t('orders.paidAt')}</List.Item>}
              {o.cancelledAt && (
                <List.Item extra={dateTime(o.cancelledAt)} description={o.cancelReason ?? undefined}>
                  {t('orders.cancelledAt')}
                </List.Item>
              )}
            </List>
          </>
        )}
      </QueryState>
    </Page>
  );
}
