import { Button } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../common/format.ts';
import { maxQuantity } from './cart.ts';
import { ProductImage } from './ProductImage.tsx';
import { QtyStepper } from './QtyStepper.tsx';
import type { CampaignLine } from './types.ts';

/** One product of a campaign: photo, prices, stock, limit and the cart stepper. */
export function CampaignLineRow({
  line,
  inCart,
  closed,
  onChange,
}: {
  line: CampaignLine;
  inCart: number;
  closed: boolean;
  onChange: (quantity: number) => void;
}) {
  const { t } = useTranslation('shop');
  const max = maxQuantity(line);
  const soldOut = line.stockLeft !== null && line.stockLeft <= 0;
  const atLimit = line.perResidentLimit !== null && line.boughtByMe >= line.perResidentLimit;
  return (
    <div className="shop-line" data-testid="campaign-line" data-line-id={line.id}>
      <ProductImage name={line.productName} src={line.images[0]} />
      <div className="shop-line-body">
        <div className="shop-line-name">
          {line.productName} <span className="ll-muted">{line.spec}</span>
        </div>
        <div className="shop-line-tags">
          {line.perResidentLimit !== null && (
            <span className="shop-tag" data-testid="line-limit">
              {t('home.limit', { count: line.perResidentLimit })}
              {line.boughtByMe > 0 && ` · ${t('home.bought', { count: line.boughtByMe })}`}
            </span>
          )}
          {line.stockLeft !== null && (
            <span className={soldOut ? 'shop-tag shop-tag-grey' : 'shop-tag shop-tag-warn'} data-testid="line-stock">
              {soldOut ? t('home.soldOut') : t('home.stockLeft', { count: line.stockLeft })}
            </span>
          )}
        </div>
        <div className="ll-row shop-line-foot">
          <div>
            <span className="ll-price shop-price">{yuan(line.groupPriceFen)}</span>
            {line.listPriceFen > line.groupPriceFen && <span className="ll-price-list">{yuan(line.listPriceFen)}</span>}
            <span className="ll-muted">/{line.unit}</span>
          </div>
          {inCart > 0 ? (
            <QtyStepper value={inCart} max={Math.max(inCart, max)} disabled={closed} onChange={onChange} testid="line-stepper" />
          ) : (
            <Button
              size="mini"
              color="primary"
              shape="rounded"
              disabled={closed || max === 0}
              onClick={() => onChange(1)}
              data-testid="add-to-cart"
            >
              {soldOut ? t('home.soldOut') : atLimit ? t('home.limitReached') : t('home.add')}
            </Button>
          )}
        </div>
      </div>
    </div>
  );
}
