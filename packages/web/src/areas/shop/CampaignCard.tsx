import { useTranslation } from 'react-i18next';
import { setLineQuantity } from './cart.ts';
import { useCart } from './cartStore.ts';
import { CampaignLineRow } from './CampaignLineRow.tsx';
import { Countdown } from './Countdown.tsx';
import type { Campaign } from './types.ts';
import { useNow } from './useNow.ts';

/** A campaign with its ticking cutoff and its products. */
export function CampaignCard({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation('shop');
  const now = useNow(1000);
  const [cart, updateCart] = useCart();
  const closed = Date.parse(campaign.cutoffAt) <= now;
  return (
    <section className="ll-card shop-campaign" data-testid="campaign" data-campaign-id={campaign.id}>
      <div className="ll-row">
        <h2 className="shop-campaign-title">{campaign.title}</h2>
        <Countdown until={campaign.cutoffAt} now={now} />
      </div>
      <div className="ll-muted shop-campaign-sub">
        <span className="shop-pickup-date">{t('home.pickupOn', { date: campaign.pickupDate.slice(5) })}</span>
        {campaign.description && <span> · {campaign.description}</span>}
      </div>
      {campaign.lines.map((line) => (
        <CampaignLineRow
          key={line.id}
          line={line}
          closed={closed}
          inCart={cart.find((i) => i.lineId === line.id)?.quantity ?? 0}
          onChange={(q) => updateCart((items) => setLineQuantity(items, campaign, line, q))}
        />
      ))}
    </section>
  );
}
