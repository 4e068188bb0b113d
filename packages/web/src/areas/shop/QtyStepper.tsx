import { useTranslation } from 'react-i18next';

/**
 * The quantity of a product in the cart: minus, the number, plus. A few buttons instead of
 * antd-mobile's Stepper, which brings a number input and decimal arithmetic into the shop's first
 * load; the campaign list needs whole numbers between 0 and a maximum.
 */
export function QtyStepper({
  value,
  max,
  disabled,
  onChange,
  testid,
}: {
  value: number;
  max: number;
  disabled?: boolean;
  onChange: (quantity: number) => void;
  testid?: string;
}) {
  const { t } = useTranslation('shop');
  return (
    <span className="shop-qty" data-testid={testid} data-value={value}>
      <button
        type="button"
        className="shop-qty-btn"
        aria-label={t('home.less')}
        disabled={disabled || value <= 0}
        onClick={() => onChange(value - 1)}
        data-testid="qty-minus"
      >
        −
      </button>
      <span className="shop-qty-value" aria-live="polite" data-testid="qty-value">
        {value}
      </span>
      <button
        type="button"
        className="shop-qty-btn"
        aria-label={t('home.more')}
        disabled={disabled || value >= max}
        onClick={() => onChange(value + 1)}
        data-testid="qty-plus"
      >
        +
      </button>
    </span>
  );
}
