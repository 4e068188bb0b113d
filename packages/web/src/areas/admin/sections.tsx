import {
  CommentOutlined,
  FireOutlined,
  AccountBookOutlined,
  BellOutlined,
  UsergroupAddOutlined,
  ApiOutlined,
  MessageOutlined,
  CarOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  GiftOutlined,
  InboxOutlined,
  ReadOutlined,
  ReconciliationOutlined,
  ScissorOutlined,
  ProfileOutlined,
  ShopOutlined,
  ShareAltOutlined,
  ShoppingCartOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  TrophyOutlined,
  UserSwitchOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import { type ComponentType, type LazyExoticComponent, type ReactNode, lazy } from 'react';
import type { Permission } from './permissions.ts';

export interface Section {
  /** The path under /admin/ and the menu key (`menu.<key>` in the admin strings). */
  key: string;
  icon: ReactNode;
  /** Who may open it (`section.<key>` in `permissions.ts`). */
  permission: Permission;
  page: LazyExoticComponent<ComponentType>;
}

/** Every admin section, each its own chunk, loaded when first opened. */
export const sections: Section[] = [
  {
    key: 'dashboard',
    permission: 'section.dashboard',
    icon: <DashboardOutlined />,
    page: lazy(() => import('./dashboard/DashboardPage.tsx')),
  },
  { key: 'catalog', permission: 'section.catalog', icon: <ShopOutlined />, page: lazy(() => import('./catalog/CatalogPage.tsx')) },
  {
    key: 'campaigns',
    permission: 'section.campaigns',
    icon: <ThunderboltOutlined />,
    page: lazy(() => import('./campaigns/CampaignsPage.tsx')),
  },
  {
    key: 'promotions',
    permission: 'section.promotions',
    icon: <GiftOutlined />,
    page: lazy(() => import('./promotions/PromotionsPage.tsx')),
  },
  {
    key: 'flash-sales',
    permission: 'section.flashsales',
    icon: <FireOutlined />,
    page: lazy(() => import('./flashsales/FlashSalesPage.tsx')),
  },
  { key: 'teambuy', permission: 'section.teambuy', icon: <ShareAltOutlined />, page: lazy(() => import('./teambuy/TeamBuyPage.tsx')) },
  { key: 'leaders', permission: 'section.leaders', icon: <TeamOutlined />, page: lazy(() => import('./leaders/LeadersPage.tsx')) },
  { key: 'training', permission: 'section.training', icon: <ReadOutlined />, page: lazy(() => import('./training/TrainingPage.tsx')) },
  {
    key: 'performance',
    permission: 'section.performance',
    icon: <TrophyOutlined />,
    page: lazy(() => import('./performance/PerformancePage.tsx')),
  },
  {
    key: 'recruiting',
    permission: 'section.recruiting',
    icon: <UsergroupAddOutlined />,
    page: lazy(() => import('./recruiting/RecruitingPage.tsx')),
  },
  {
    key: 'purchasing',
    permission: 'section.purchasing',
    icon: <ShoppingCartOutlined />,
    page: lazy(() => import('./purchasing/PurchasingPage.tsx')),
  },
  { key: 'warehouse', permission: 'section.warehouse', icon: <InboxOutlined />, page: lazy(() => import('./warehouse/WarehousePage.tsx')) },
  {
    key: 'sorting',
    permission: 'section.sorting',
    icon: <ReconciliationOutlined />,
    page: lazy(() => import('./sorting/SortingPage.tsx')),
  },
  { key: 'dispatch', permission: 'section.dispatch', icon: <CarOutlined />, page: lazy(() => import('./dispatch/DispatchPage.tsx')) },
  {
    key: 'aftersales',
    permission: 'section.aftersales',
    icon: <CustomerServiceOutlined />,
    page: lazy(() => import('./aftersales/AftersalesPage.tsx')),
  },
  {
    key: 'complaints',
    permission: 'section.complaints',
    icon: <CommentOutlined />,
    page: lazy(() => import('./feedback/ComplaintsPage.tsx')),
  },
  { key: 'orders', permission: 'section.orders', icon: <ProfileOutlined />, page: lazy(() => import('./orders/OrdersPage.tsx')) },
  { key: 'notices', permission: 'section.notices', icon: <BellOutlined />, page: lazy(() => import('./notices/NoticesPage.tsx')) },
  { key: 'invites', permission: 'section.invites', icon: <UsergroupAddOutlined />, page: lazy(() => import('./invites/InvitesPage.tsx')) },
  { key: 'finance', permission: 'section.finance', icon: <AccountBookOutlined />, page: lazy(() => import('./finance/FinancePage.tsx')) },
  { key: 'staff', permission: 'section.staff', icon: <UserSwitchOutlined />, page: lazy(() => import('./staff/StaffPage.tsx')) },
  // Admins only, as the staff section: the routes take the admin role.
  { key: 'webhooks', permission: 'section.staff', icon: <ApiOutlined />, page: lazy(() => import('./webhooks/WebhooksPage.tsx')) },
  // Admins only: the operator's own WeChat Pay merchant.
  {
    key: 'payments',
    permission: 'section.staff',
    icon: <WalletOutlined />,
    page: lazy(() => import('./payments/PaymentSettingsPage.tsx')),
  },
  { key: 'sms', permission: 'section.staff', icon: <MessageOutlined />, page: lazy(() => import('./sms/SmsPage.tsx')) },
  // Support: a resident's points and adjustments; admins also the offers and the rules.
  { key: 'points', permission: 'section.points', icon: <GiftOutlined />, page: lazy(() => import('./points/PointsPage.tsx')) },
  // Merchandisers set lotteries up; finance watches their results.
  { key: 'lottery', permission: 'section.lottery', icon: <TrophyOutlined />, page: lazy(() => import('./lottery/LotteryPage.tsx')) },
  { key: 'bargain', permission: 'section.bargain', icon: <ScissorOutlined />, page: lazy(() => import('./bargain/BargainPage.tsx')) },
  // Member segments per region; merchandisers compute them now, support and finance read them.
  { key: 'crm', permission: 'section.crm', icon: <TeamOutlined />, page: lazy(() => import('./crm/CrmPage.tsx')) },
];
