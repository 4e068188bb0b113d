import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, NavBar, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { dateTime, shortDateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { QueryState } from '../../../mobile/QueryState.tsx';
import { PaySheet } from '../cart/PaySheet.tsx';
import { api, keys } from '../api.ts';
import type { Order, PaymentIntent } from '../types.ts';
import { useNow } from '../useNow.ts';
import { canCancel } from './cancel.ts';
import { OrderLines } from './OrderLines.tsx';
import { PickupCard, usePickupTicket } from './PickupCard.tsx';
import { usePointName } from './pointName.ts';
import { OrderFeedbackCard } from '../feedback/OrderFeedbackCard.tsx';

const withTicket: Order['status'][] = ['paid', 'allocated', 'delivered', 'picked_up'];

/** One order: state, pickup code and QR, lines with refunds; pay, cancel or claim after-sales. */
export default function OrderDetail() {
  const { t } = useTranslation('shop');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  // While unpaid it is asked again every few seconds: back from WeChat Pay's page, the payment's
  // notification may reach the server a moment after the payer.
  const order = useQuery({
    queryKey: keys.order(id),
    queryFn: () => api.get<Order>(`shop/orders/${id}`),
    refetchInterval: (q) => (q.state.data?.status === 'pending_payment' ? 3000 : false),
  });
  const status = order.data?.status;
  // Asked only once the order's status is current: a cached "paid" of an order refunded since
  // would ask for a ticket the server no longer has.
  const ticket = usePickupTicket(id, !order.isFetching && !!status && withTicket.includes(status));
  const pointName = usePointName(order.data?.pickupPointId);
  const [paying, setPaying] = useState<PaymentIntent | null>(null);
  const [busy, setBusy] = useState(false);
  const now = useNow(15_000);

  const refresh = async () => {
    await client.invalidateQueries({ queryKey: keys.orders });
    await client.invalidateQueries({ queryKey: keys.campaigns });
  };

  const startPay = async () => {
    setBusy(true);
    try {
      setPaying(await api.post<PaymentIntent>(`shop/orders/${id}/payments`, { mode: 'notify' }));
    } catch (err) {
      Toast.show({ content: errorText(t, err), icon: 'fail' });
    } finally {
      setBusy(false);
    }
  };

  const cancel = async (o: Order) => {
    const yes = await Dialog.confirm({
      title: t('orders.cancelTitle'),
      content: o.status === 'paid' ? t('orders.cancelPaid') : t('orders.cancelUnpaid'),
      confirmText: t('orders.cancel'),
      cancelText: t('common:back'),
    });
    if (!yes) return;
    try {
      await api.post(`shop/orders/${id}/cancel`, {});
      Toast.show({ content: t('orders.cancelled'), icon: 'success' });
    } catch (err) {
      Toast.show({ content: errorText(t, err), icon: 'fail' });
    }
    await refresh();
  };

  return (
    <div className="ll-page">
      <NavBar onBack={() => navigate('/orders')}>{t('orders.detail')}</NavBar>
      <main className="ll-content">
        <QueryState query={order}>
          {(o) => (
            <>
              <section className="ll-card ll-row">
                <div>
                  <div
                    className={`shop-status shop-status-${o.status}`}
                    style={{ fontSize: 20 }}
                    data-testid="order-status"
                    data-status={o.status}
                  >
                    {t(`orders.status.${o.status}`)}
                  </div>
                  {o.status === 'pending_payment' && (
                    <div className="shop-warn">{t('orders.payBefore', { time: shortDateTime(o.expiresAt) })}</div>
                  )}
                  {o.status === 'paid' && canCancel(o, now) && (
                    <div className="ll-muted">{t('orders.cancelBefore', { time: shortDateTime(o.cancellableUntil ?? '') })}</div>
                  )}
                </div>
                {(o.status === 'pending_payment' || o.status === 'paid') && (
                  <div className="shop-actions" style={{ marginTop: 0 }}>
                    {canCancel(o, now) && (
                      <Button size="small" shape="rounded" onClick={() => void cancel(o)} data-testid="cancel-order">
                        {t('orders.cancel')}
                      </Button>
                    )}
                    {o.status === 'pending_payment' && (
                      <Button size="small" shape="rounded" color="primary" loading={busy} onClick={startPay} data-testid="pay">
                        {t('orders.pay')}
                      </Button>
                    )}
                  </div>
                )}
              </section>
              {withTicket.includes(o.status) && <PickupCard ticket={ticket} />}
              <section className="ll-card">
                <div className="shop-kv">
                  <span>{t('orders.pickupPoint')}</span>
                  <span data-testid="order-point">{pointName ?? '—'}</span>
                </div>
                <div className="shop-kv">
                  <span>{t('orders.pickupDate')}</span>
                  <span data-testid="order-pickup-date">{o.pickupDate}</span>
                </div>
                <div className="shop-kv">
                  <span>{t('orders.no', { no: '' })}</span>
                  <span>{o.orderNo}</span>
                </div>
                <div className="shop-kv">
                  <span />
                  <span className="ll-muted">{dateTime(o.createdAt)}</span>
                </div>
              </section>
              <OrderLines
                order={o}
                ticket={ticket.data}
                canClaim={o.status === 'delivered' || o.status === 'picked_up'}
                onClaim={(lineId) => navigate(`/orders/${o.id}/claim?line=${lineId}`)}
              />
              {(o.status === 'delivered' || o.status === 'picked_up') && <OrderFeedbackCard orderId={o.id} />}
            </>
          )}
        </QueryState>
      </main>
      <PaySheet
        order={paying && order.data ? order.data : null}
        payment={paying ?? undefined}
        onClose={() => setPaying(null)}
        onPaid={() => {
          setPaying(null);
          Toast.show({ content: t('pay.paid'), icon: 'success' });
          void refresh();
        }}
      />
    </div>
  );
}
