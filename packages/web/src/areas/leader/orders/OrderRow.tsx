import { Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { yuan } from '../../../common/format.ts';
import type { LeaderOrder } from '../api.ts';
import { displayPhone } from '../phone.ts';
import { statusColor } from './status.ts';

/** What an order holds, as a line of text: "草莓×2、牛奶×1", fully refunded lines marked and put last. */
export function orderLinesText(lines: LeaderOrder['lines'], refunded: string): string {
  const open = lines.filter((l) => l.quantity > l.refundedQuantity).map((l) => `${l.title}×${l.quantity - l.refundedQuantity}`);
  const gone = lines.filter((l) => l.quantity <= l.refundedQuantity).map((l) => `${l.title}${refunded}`);
  return [...open, ...gone].join('、');
}

/** One order in a list: who, what, how much, its state; opens the order. */
export function OrderRow({ order: o }: { order: LeaderOrder }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const what = orderLinesText(o.lines, t('orders.refundedMark'));
  return (
    <button
      type="button"
      className="ll-card lo-row"
      onClick={() => navigate(`/orders/${encodeURIComponent(o.id)}`)}
      data-testid="order-row"
    >
      <div className="ll-row">
        <span className="lo-who">
          {o.residentName} <span className="ll-muted">{displayPhone(o.residentPhone)}</span>
        </span>
        <Tag color={statusColor[o.status]} fill="outline">
          {t(`orderStatus.${o.status}`)}
        </Tag>
      </div>
      <div className="lo-what">{what}</div>
      <div className="ll-row ll-muted">
        <span>
          {o.orderNo} · {t('orders.pickupOn', { date: o.pickupDate.slice(5) })}
        </span>
        <span className="lo-total">{yuan(o.totalFen - o.refundedFen)}</span>
      </div>
    </button>
  );
}
