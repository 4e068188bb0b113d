import { Button, Stepper } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../../common/format.ts';
import type { CartGroup } from '../cart.ts';
import { ProductImage } from '../ProductImage.tsx';

/** The lines picked up on one date, with their total and the one-tap checkout. */
export function CartGroupCard({
  group,
  error,
  errorLineId,
  busy,
  disabled,
  onQuantity,
  onCheckout,
}: {
  group: CartGroup;
  error: string | null;
  errorLineId: string | null;
  busy: boolean;
  disabled: boolean;
  onQuantity: (lineId: string, quantity: number) => void;
  onCheckout: () => void;
}) {
  const { t } = useTranslation('shop');
  const saved = group.listTotalFen - group.totalFen;
  return (
    <section className="ll-card" data-testid="cart-group" data-pickup-date={group.pickupDate}>
      <h3 className="shop-section-title">{t('cart.group', { date: group.pickupDate })}</h3>
      {group.entries.map((e) => (
        <div
          key={e.line.id}
          className="shop-line"
          data-testid="cart-line"
          data-line-id={e.line.id}
          style={errorLineId === e.line.id ? { background: '#fff1f0' } : undefined}
        >
          <ProductImage name={e.line.productName} src={e.line.images[0]} size={64} />
          <div className="shop-line-body">
            <div className="shop-line-name">
              {e.line.productName} <span className="ll-muted">{e.line.spec}</span>
            </div>
            {e.reduced && <div className="shop-warn">{t('cart.reduced', { count: e.max })}</div>}
            <div className="ll-row shop-line-foot">
              <span className="ll-price">{yuan(e.line.groupPriceFen)}</span>
              <span style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
                <Button size="mini" fill="none" onClick={() => onQuantity(e.line.id, 0)} data-testid="cart-remove">
                  {t('cart.remove')}
                </Button>
                <Stepper
                  value={e.quantity}
                  min={1}
                  max={e.max}
                  digits={0}
                  inputReadOnly
                  onChange={(v) => onQuantity(e.line.id, v ?? 1)}
                  data-testid="cart-stepper"
                />
              </span>
            </div>
          </div>
        </div>
      ))}
      {error && (
        <div className="shop-error" data-testid="checkout-error">
          {error}
        </div>
      )}
      <div className="shop-sum">
        <div>
          <div>
            {t('cart.items', { count: group.count })} ·{' '}
            <b className="ll-price shop-sum-total" data-testid="group-total">
              {yuan(group.totalFen)}
            </b>
          </div>
          {saved > 0 && <div className="ll-muted">{t('cart.saved', { amount: yuan(saved) })}</div>}
        </div>
        <Button color="primary" shape="rounded" loading={busy} disabled={disabled} onClick={onCheckout} data-testid="checkout">
          {t('cart.checkout', { amount: yuan(group.totalFen) })}
        </Button>
      </div>
    </section>
  );
}
