import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { yuan } from '../../common/format.ts';
import { QueryState } from '../../mobile/QueryState.tsx';
import { useCampaigns, useProfile } from './api.ts';
import { CampaignCard } from './CampaignCard.tsx';
import { groupCart } from './cart.ts';
import { useCart } from './cartStore.ts';
import { useFlashSales } from './flashsale/useFlashSales.ts';
import { teamApi, teamKeys } from './teams/teamApi.ts';

/** The first screen: today's campaigns of my leader (loaded with the entry: no zod here). */
export function Home() {
  const { t } = useTranslation('shop');
  const flashSales = useFlashSales();
  const teamDeals = useQuery({ queryKey: teamKeys.deals, queryFn: teamApi.deals });
  const profile = useProfile();
  const campaigns = useCampaigns();
  const point = profile.data?.pickupPoint;
  return (
    <div className="ll-page">
      <header className="shop-header">
        <Link to="/points" className="shop-point" data-testid="header-point">
          <span className="shop-point-label">{t('home.pickupAt')}</span>
          <span className="shop-point-name">{point ? point.name : t('home.noPoint')}</span>
          <span className="shop-point-change">{t('home.change')} ›</span>
        </Link>
        {point && (
          <div className="shop-point-sub">
            {point.address} · {point.leaderName}
          </div>
        )}
      </header>
      <main className="ll-content">
        {(flashSales.data?.items.length ?? 0) > 0 && (
          <Link to="/flash-sales" className="shop-claim-strip" data-testid="home-flash-sales">
            <span className="shop-claim-strip-tag">{t('home.flashSales')}</span>
            <span className="shop-claim-strip-text">{t('home.flashSalesHint')}</span>
            <span>›</span>
          </Link>
        )}
        {(teamDeals.data?.length ?? 0) > 0 && (
          <Link to="/team-deals" className="shop-claim-strip" data-testid="home-team-deals">
            <span className="shop-claim-strip-tag">{t('home.teamDeals')}</span>
            <span className="shop-claim-strip-text">{t('home.teamDealsHint', { count: teamDeals.data?.length ?? 0 })}</span>
            <span>›</span>
          </Link>
        )}
        <Link to="/coupons" className="shop-claim-strip" data-testid="home-claim-coupons">
          <span className="shop-claim-strip-tag">{t('home.claimCoupons')}</span>
          <span className="shop-claim-strip-text">{t('home.claimCouponsHint')}</span>
          <span>›</span>
        </Link>
        <QueryState query={campaigns} isEmpty={(items) => items.length === 0} emptyText={t('home.empty')}>
          {(items) => items.map((c) => <CampaignCard key={c.id} campaign={c} />)}
        </QueryState>
      </main>
      {campaigns.data && <CartBar campaigns={campaigns.data} />}
    </div>
  );
}

/** The cart's total above the tab bar, one tap from checking out. */
function CartBar({ campaigns }: { campaigns: Parameters<typeof groupCart>[1] }) {
  const { t } = useTranslation('shop');
  const [cart] = useCart();
  const { groups } = groupCart(cart, campaigns, Date.now());
  const count = groups.reduce((s, g) => s + g.count, 0);
  if (count === 0) return null;
  const total = groups.reduce((s, g) => s + g.totalFen, 0);
  return (
    <Link to="/cart" className="shop-cartbar" data-testid="cart-bar">
      <span>
        {t('cart.items', { count })} · <b className="shop-cartbar-total">{yuan(total)}</b>
      </span>
      <span className="shop-cartbar-go">{t('cart.goCheckout')} ›</span>
    </Link>
  );
}
