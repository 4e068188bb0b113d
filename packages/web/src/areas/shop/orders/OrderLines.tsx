import { Button } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../../common/format.ts';
import type { Order, PickupTicket } from '../types.ts';

/** The lines of an order with their refunds, pickup state and, once delivered, the after-sales entry. */
export function OrderLines({
  order,
  ticket,
  canClaim,
  onClaim,
}: {
  order: Order;
  ticket: PickupTicket | undefined;
  canClaim: boolean;
  onClaim: (lineId: string) => void;
}) {
  const { t } = useTranslation('shop');
  return (
    <section className="ll-card">
      {order.lines.map((l) => {
        const picked = ticket?.lines.find((p) => p.orderLineId === l.id)?.pickedUp;
        const claimable = canClaim && l.refundedQuantity < l.quantity;
        return (
          <div key={l.id} className="shop-line" data-testid="order-line" data-line-id={l.id}>
            <div className="shop-line-body">
              <div className="ll-row">
                <span className="shop-line-name">{l.title}</span>
                <span>{yuan(l.amountFen)}</span>
              </div>
              <div className="ll-row ll-muted">
                <span>
                  {yuan(l.unitPriceFen)} × {l.quantity}
                  {picked && <span style={{ color: '#00b578' }}> · {t('orders.linePicked')}</span>}
                </span>
                {l.refundedQuantity > 0 || l.refundedFen > 0 ? (
                  <span className="shop-warn" data-testid="line-refund">
                    {t('orders.lineRefunded', { count: l.refundedQuantity, amount: yuan(l.refundedFen) })}
                  </span>
                ) : null}
              </div>
              {claimable && (
                <div style={{ textAlign: 'right', marginTop: 4 }}>
                  <Button size="mini" shape="rounded" onClick={() => onClaim(l.id)} data-testid="claim-new">
                    {t('orders.claim')}
                  </Button>
                </div>
              )}
            </div>
          </div>
        );
      })}
      <div className="shop-kv" style={{ marginTop: 8 }}>
        <span>{t('orders.total')}</span>
        <b className="ll-price" data-testid="order-total">
          {yuan(order.totalFen)}
        </b>
      </div>
      {order.refundedFen > 0 && (
        <div className="shop-kv">
          <span />
          <span className="shop-warn">{t('orders.refunded', { amount: yuan(order.refundedFen) })}</span>
        </div>
      )}
    </section>
  );
}
