import { TabBar } from 'antd-mobile';
import { Suspense, lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { HomePage } from './home/HomePage.tsx';
import { HomeIcon, MeIcon, OrdersIcon, ScanIcon } from './icons.tsx';
import './leader.css';
import { Spinner } from '../../mobile/Spinner.tsx';

// Home is in the first download; every other screen loads when first opened.
const CampaignsPage = lazy(() => import('./share/CampaignsPage.tsx'));
const SharePage = lazy(() => import('./share/SharePage.tsx'));
const OrdersPage = lazy(() => import('./orders/OrdersPage.tsx'));
const OrderDetailPage = lazy(() => import('./orders/OrderDetailPage.tsx'));
const DeliveriesPage = lazy(() => import('./deliveries/DeliveriesPage.tsx'));
const VerifyPage = lazy(() => import('./verify/VerifyPage.tsx'));
const UnpickedPage = lazy(() => import('./unpicked/UnpickedPage.tsx'));
const MembersPage = lazy(() => import('./members/MembersPage.tsx'));
const AftersalesPage = lazy(() => import('./aftersales/AftersalesPage.tsx'));
const CommissionPage = lazy(() => import('./commission/CommissionPage.tsx'));
const WithdrawPage = lazy(() => import('./commission/WithdrawPage.tsx'));
const MePage = lazy(() => import('./me/MePage.tsx'));
const CouponsPage = lazy(() => import('./coupons/CouponsPage.tsx'));
const TeamDealsPage = lazy(() => import('./teambuy/TeamDealsPage.tsx'));
const LeavePage = lazy(() => import('./me/LeavePage.tsx'));
const PlaysPage = lazy(() => import('./plays/PlaysPage.tsx'));
const CrmPage = lazy(() => import('./crm/CrmPage.tsx'));
const TrainingPage = lazy(() => import('./training/TrainingPage.tsx'));
const CoursePage = lazy(() => import('./training/CoursePage.tsx'));
const PerformancePage = lazy(() => import('./performance/PerformancePage.tsx'));
const RecruitingPage = lazy(() => import('./recruiting/RecruitingPage.tsx'));
const FeedbackPage = lazy(() => import('./feedback/FeedbackPage.tsx'));
const HelpSellPage = lazy(() => import('./help-sell/HelpSellPage.tsx'));

/** Which tab an inner screen belongs to. */
const tabOf: Record<string, string> = {
  '': '/',
  campaigns: '/',
  share: '/',
  deliveries: '/',
  unpicked: '/verify',
  members: '/me',
  aftersales: '/me',
  commission: '/me',
  withdraw: '/me',
  coupons: '/me',
  'team-deals': '/me',
  plays: '/me',
  crm: '/me',
  training: '/me',
  performance: '/me',
  feedback: '/me',
  'help-sell': '/me',
  recruiting: '/me',
  orders: '/orders',
  verify: '/verify',
  me: '/me',
};

/** The four tabs at the foot of every screen (exported for its test). */
export function Tabs() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const active = tabOf[location.pathname.split('/')[1] ?? ''] ?? '/';
  const tabs = [
    { key: '/', title: t('tabs.home'), icon: <HomeIcon /> },
    { key: '/orders', title: t('tabs.orders'), icon: <OrdersIcon /> },
    { key: '/verify', title: t('tabs.verify'), icon: <ScanIcon /> },
    { key: '/me', title: t('tabs.me'), icon: <MeIcon /> },
  ];
  return (
    <nav className="ll-tabbar">
      {/* A tab goes to its own screen even when it is the active one (我的 from 帮卖, say), as tab bars do. */}
      <TabBar activeKey={active} safeArea>
        {tabs.map((tab) => (
          <TabBar.Item
            key={tab.key}
            icon={tab.icon}
            title={tab.title}
            onClick={() => {
              if (location.pathname !== tab.key) navigate(tab.key);
            }}
            data-testid={`tab-${tab.key.slice(1) || 'home'}`}
          />
        ))}
      </TabBar>
    </nav>
  );
}

const loading = (
  <div className="ll-center" data-testid="loading">
    <Spinner />
  </div>
);

/** The group leader's console on a phone: four tabs, the other screens reached from them. */
export function LeaderApp() {
  return (
    <BrowserRouter basename="/leader">
      <Suspense fallback={loading}>
        <Routes>
          <Route index element={<HomePage />} />
          <Route path="campaigns" element={<CampaignsPage />} />
          <Route path="share/:id" element={<SharePage />} />
          <Route path="orders" element={<OrdersPage />} />
          <Route path="orders/:id" element={<OrderDetailPage />} />
          <Route path="deliveries" element={<DeliveriesPage />} />
          <Route path="verify" element={<VerifyPage />} />
          <Route path="unpicked" element={<UnpickedPage />} />
          <Route path="members" element={<MembersPage />} />
          <Route path="aftersales" element={<AftersalesPage />} />
          <Route path="commission" element={<CommissionPage />} />
          <Route path="withdraw" element={<WithdrawPage />} />
          <Route path="me" element={<MePage />} />
          <Route path="coupons" element={<CouponsPage />} />
          <Route path="team-deals" element={<TeamDealsPage />} />
          <Route path="leave" element={<LeavePage />} />
          <Route path="plays" element={<PlaysPage />} />
          <Route path="crm" element={<CrmPage />} />
          <Route path="training" element={<TrainingPage />} />
          <Route path="training/:id" element={<CoursePage />} />
          <Route path="performance" element={<PerformancePage />} />
          <Route path="recruiting" element={<RecruitingPage />} />
          <Route path="feedback" element={<FeedbackPage />} />
          <Route path="help-sell" element={<HelpSellPage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </Suspense>
      <Tabs />
    </BrowserRouter>
  );
}
