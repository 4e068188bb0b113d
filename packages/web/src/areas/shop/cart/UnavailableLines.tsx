import { Button } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../../common/format.ts';
import type { GroupedCart } from '../cart.ts';
import { ProductImage } from '../ProductImage.tsx';

/** Cart lines that cannot be ordered now (closed, sold out, at the limit), kept until cleared. */
export function UnavailableLines({ lines, onClear }: { lines: GroupedCart['unavailable']; onClear: () => void }) {
  const { t } = useTranslation('shop');
  if (lines.length === 0) return null;
  return (
    <section className="ll-card" data-testid="cart-unavailable" style={{ opacity: 0.75 }}>
      <div className="ll-row">
        <h3 className="shop-section-title">{t('cart.unavailable')}</h3>
        <Button size="mini" fill="none" onClick={onClear} data-testid="cart-clear-unavailable">
          {t('cart.clearUnavailable')}
        </Button>
      </div>
      {lines.map(({ item, reason }) => (
        <div key={item.lineId} className="shop-line" data-testid="cart-unavailable-line" data-line-id={item.lineId}>
          <ProductImage name={item.productName} src={item.image} size={48} />
          <div className="shop-line-body">
            <div className="shop-line-name">
              {item.productName} <span className="ll-muted">{item.spec}</span>
            </div>
            <div className="ll-row">
              <span className="ll-muted">
                {yuan(item.groupPriceFen)} × {item.quantity}
              </span>
              <span className="shop-warn">{t(`cart.reason.${reason}`)}</span>
            </div>
          </div>
        </div>
      ))}
    </section>
  );
}
