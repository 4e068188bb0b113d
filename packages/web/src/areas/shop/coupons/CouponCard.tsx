import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type DiscountTerms, discountLabel, thresholdLabel } from '../../../common/coupon.ts';

/** A coupon as a ticket: its value on the left, its name, terms and an action on the right; greyed when it cannot be used. */
export function CouponCard({
  terms,
  name,
  thresholdFen,
  newcomerOnly,
  validity,
  notes,
  action,
  grey,
  selected,
  testid,
}: {
  terms: DiscountTerms;
  name: string;
  thresholdFen: number;
  newcomerOnly: boolean;
  validity?: ReactNode;
  notes?: ReactNode;
  action?: ReactNode;
  grey?: boolean;
  selected?: boolean;
  testid?: string;
}) {
  const { t } = useTranslation('shop');
  const className = ['shop-coupon', grey ? 'shop-coupon-grey' : '', selected ? 'shop-coupon-selected' : ''].filter(Boolean).join(' ');
  return (
    <div className={className} data-testid={testid}>
      <div className="shop-coupon-value">
        <b data-testid="coupon-value">{discountLabel(t, terms)}</b>
        <span>{thresholdLabel(t, thresholdFen)}</span>
      </div>
      <div className="shop-coupon-body">
        <div className="shop-coupon-name">
          {newcomerOnly && <span className="shop-tag">{t('common:coupon.newcomer')}</span>} {name}
        </div>
        {validity && <div className="ll-muted">{validity}</div>}
        {notes}
      </div>
      {action && <div className="shop-coupon-action">{action}</div>}
    </div>
  );
}
