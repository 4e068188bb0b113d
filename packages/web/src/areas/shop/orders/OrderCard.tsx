import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { yuan } from '../../../common/format.ts';
import type { Order } from '../types.ts';

/** An order in the list: status, pickup date, what is in it and the total. */
export function OrderCard({ order }: { order: Order }) {
  const { t } = useTranslation('shop');
  const count = order.lines.reduce((s, l) => s + l.quantity, 0);
  return (
    <Link
      to={`/orders/${order.id}`}
      className="ll-card"
      style={{ display: 'block', color: 'inherit', textDecoration: 'none' }}
      data-testid="order-row"
      data-order-id={order.id}
    >
      <div className="ll-row">
        <span className="ll-muted">{t('orders.no', { no: order.orderNo })}</span>
        <span className={`shop-status shop-status-${order.status}`} data-testid="order-status" data-status={order.status}>
          {t(`orders.status.${order.status}`)}
        </span>
      </div>
      <div style={{ margin: '8px 0', fontSize: 15 }}>{order.lines.map((l) => `${l.title} ×${l.quantity}`).join('，')}</div>
      <div className="ll-row">
        <span className="ll-muted">
          {t('orders.pickupDate')} {order.pickupDate}
        </span>
        <span>
          {t('cart.items', { count })} · <b className="ll-price">{yuan(order.totalFen)}</b>
          {order.refundedFen > 0 && <span className="ll-muted"> · {t('orders.refunded', { amount: yuan(order.refundedFen) })}</span>}
        </span>
      </div>
    </Link>
  );
}
