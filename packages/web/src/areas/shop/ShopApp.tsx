import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation, useSearchParams } from 'react-router';
import { QueryState } from '../../mobile/QueryState.tsx';
import { Spinner } from '../../mobile/Spinner.tsx';
import { useCampaigns, useProfile } from './api.ts';
import { cartCount } from './cart.ts';
import { useCart } from './cartStore.ts';
import { Home } from './Home.tsx';
import { CartIcon, HomeIcon, MeIcon, OrdersIcon } from './icons.tsx';
import './shop.css';
import { rememberRecruitRef } from './me/recruit-ref.ts';

// Every screen but Home loads when first opened (the first load stays within its budget).
const PickupPoints = lazy(() => import('./points/PickupPoints.tsx'));
const ShareLink = lazy(() => import('./points/ShareLink.tsx'));
const CartPage = lazy(() => import('./cart/CartPage.tsx'));
const ConfirmPage = lazy(() => import('./cart/ConfirmPage.tsx'));
const Orders = lazy(() => import('./orders/Orders.tsx'));
const OrderDetail = lazy(() => import('./orders/OrderDetail.tsx'));
const ClaimNew = lazy(() => import('./aftersales/ClaimNew.tsx'));
const Claims = lazy(() => import('./aftersales/Claims.tsx'));
const RateOrder = lazy(() => import('./feedback/RateOrder.tsx'));
const FileComplaint = lazy(() => import('./feedback/FileComplaint.tsx'));
const Complaints = lazy(() => import('./feedback/Complaints.tsx'));
const Me = lazy(() => import('./me/Me.tsx'));
const LeaderApply = lazy(() => import('./me/LeaderApply.tsx'));
const NoticeSettings = lazy(() => import('./me/NoticeSettings.tsx'));
const Points = lazy(() => import('./me/Points.tsx'));
const MyCoupons = lazy(() => import('./coupons/MyCoupons.tsx'));
const ClaimCoupons = lazy(() => import('./coupons/ClaimCoupons.tsx'));
const Invite = lazy(() => import('./me/Invite.tsx'));
const FlashSales = lazy(() => import('./flashsale/FlashSales.tsx'));
const TeamDeals = lazy(() => import('./teams/TeamDeals.tsx'));
const TeamDealPage = lazy(() => import('./teams/TeamDeals.tsx').then((m) => ({ default: m.TeamDealPage })));
const TeamPage = lazy(() => import('./teams/TeamPage.tsx'));
const MyTeams = lazy(() => import('./teams/MyTeams.tsx'));
const LotteryPage = lazy(() => import('./lottery/LotteryPage.tsx'));
const BargainOffers = lazy(() => import('./bargain/BargainOffers.tsx'));
const BargainDetail = lazy(() => import('./bargain/BargainDetail.tsx'));

const spinner = (
  <div className="ll-center" data-testid="loading">
    <Spinner />
  </div>
);

const tabs = [
  { key: '/', icon: <HomeIcon />, title: 'tabs.home', testid: 'home-tab' },
  { key: '/cart', icon: <CartIcon />, title: 'tabs.cart', testid: 'cart-tab' },
  { key: '/orders', icon: <OrdersIcon />, title: 'tabs.orders', testid: 'orders-tab' },
  { key: '/me', icon: <MeIcon />, title: 'tabs.me', testid: 'me-tab' },
];

function ShopTabBar() {
  const { t } = useTranslation('shop');
  const location = useLocation();
  const [cart] = useCart();
  const count = cartCount(cart);
  // my claims are reached from "me" (and from orders): keep that tab lit there
  const path =
    location.pathname.startsWith('/aftersales') ||
    location.pathname.startsWith('/complaints') ||
    location.pathname.startsWith('/coupons') ||
    location.pathname.startsWith('/team')
      ? '/me'
      : location.pathname;
  const active = tabs.find((tab) => tab.key !== '/' && path.startsWith(tab.key))?.key ?? '/';
  return (
    <nav className="ll-tabbar shop-tabbar">
      {tabs.map((tab) => (
        <Link
          key={tab.key}
          to={tab.key}
          className={tab.key === active ? 'shop-tab shop-tab-active' : 'shop-tab'}
          aria-current={tab.key === active ? 'page' : undefined}
          data-testid={tab.testid}
        >
          <span className="shop-tab-icon">
            {tab.icon}
            {tab.key === '/cart' && count > 0 && <span className="shop-tab-badge">{count > 99 ? '99+' : count}</span>}
          </span>
          <span>{t(tab.title)}</span>
        </Link>
      ))}
    </nav>
  );
}

function Shell() {
  const profile = useProfile();
  // Asked together with the profile rather than after it: the campaign list is what a resident opens the shop for.
  useCampaigns();
  const location = useLocation();
  const [search] = useSearchParams();
  const sharedPoint = search.get('point');
  rememberRecruitRef(location.search);
  return (
    <QueryState query={profile}>
      {(me) => {
        // A share link binds or offers its pickup point first; without a point the resident chooses one.
        if (sharedPoint) {
          return (
            <Suspense fallback={spinner}>
              <ShareLink pointId={sharedPoint} profile={me} />
            </Suspense>
          );
        }
        // A coupon share link is claimed first (the claim needs no pickup point); the page then asks for one.
        const claiming = location.pathname.startsWith('/coupons/claim/');
        if (!me.pickupPoint && location.pathname !== '/points' && !claiming) return <Navigate to="/points" replace />;
        return (
          <>
            <Suspense fallback={spinner}>
              <Routes>
                <Route index element={<Home />} />
                <Route path="points" element={<PickupPoints />} />
                <Route path="cart" element={<CartPage />} />
                <Route path="cart/confirm/:date" element={<ConfirmPage />} />
                <Route path="orders" element={<Orders />} />
                <Route path="orders/:id" element={<OrderDetail />} />
                <Route path="orders/:id/claim" element={<ClaimNew />} />
                <Route path="aftersales" element={<Claims />} />
                <Route path="orders/:id/rate" element={<RateOrder />} />
                <Route path="orders/:id/complain" element={<FileComplaint />} />
                <Route path="complaints" element={<Complaints />} />
                <Route path="me" element={<Me />} />
                <Route path="me/leader" element={<LeaderApply />} />
                <Route path="apply" element={<LeaderApply />} />
                <Route path="me/notices" element={<NoticeSettings />} />
                <Route path="me/points" element={<Points />} />
                <Route path="me/coupons" element={<MyCoupons />} />
                <Route path="coupons" element={<ClaimCoupons />} />
                <Route path="coupons/claim/:promotionId" element={<ClaimCoupons />} />
                <Route path="me/invite" element={<Invite />} />
                <Route path="flash-sales" element={<FlashSales />} />
                <Route path="team-deals" element={<TeamDeals />} />
                <Route path="team-deals/:id" element={<TeamDealPage />} />
                <Route path="teams/:id" element={<TeamPage />} />
                <Route path="me/teams" element={<MyTeams />} />
                <Route path="lottery" element={<LotteryPage />} />
                <Route path="lottery/:id" element={<LotteryPage />} />
                <Route path="bargain" element={<BargainOffers />} />
                <Route path="bargain/:id" element={<BargainDetail />} />
                <Route path="*" element={<Navigate to="/" replace />} />
              </Routes>
            </Suspense>
            {me.pickupPoint && <ShopTabBar />}
          </>
        );
      }}
    </QueryState>
  );
}

/** The resident's shop: campaigns, cart, orders, after-sales and profile under /shop/. */
export function ShopApp() {
  return (
    <BrowserRouter basename="/shop">
      <Shell />
    </BrowserRouter>
  );
}
