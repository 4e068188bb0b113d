import {
  AccountBookOutlined,
  CarOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  InboxOutlined,
  ReconciliationOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { type ComponentType, type LazyExoticComponent, type ReactNode, lazy } from 'react';

export interface Section {
  /** The path under /admin/ and the menu key (`menu.<key>` in the admin strings). */
  key: string;
  icon: ReactNode;
  page: LazyExoticComponent<ComponentType>;
}

/** Every admin section, each its own chunk, loaded when first opened. */
export const sections: Section[] = [
  { key: 'dashboard', icon: <DashboardOutlined />, page: lazy(() => import('./dashboard/DashboardPage.tsx')) },
  { key: 'catalog', icon: <ShopOutlined />, page: lazy(() => import('./catalog/CatalogPage.tsx')) },
  { key: 'campaigns', icon: <ThunderboltOutlined />, page: lazy(() => import('./campaigns/CampaignsPage.tsx')) },
  { key: 'leaders', icon: <TeamOutlined />, page: lazy(() => import('./leaders/LeadersPage.tsx')) },
  { key: 'purchasing', icon: <ShoppingCartOutlined />, page: lazy(() => import('./purchasing/PurchasingPage.tsx')) },
  { key: 'warehouse', icon: <InboxOutlined />, page: lazy(() => import('./warehouse/WarehousePage.tsx')) },
  { key: 'sorting', icon: <ReconciliationOutlined />, page: lazy(() => import('./sorting/SortingPage.tsx')) },
  { key: 'dispatch', icon: <CarOutlined />, page: lazy(() => import('./dispatch/DispatchPage.tsx')) },
  { key: 'aftersales', icon: <CustomerServiceOutlined />, page: lazy(() => import('./aftersales/AftersalesPage.tsx')) },
  { key: 'finance', icon: <AccountBookOutlined />, page: lazy(() => import('./finance/FinancePage.tsx')) },
  { key: 'staff', icon: <UserSwitchOutlined />, page: lazy(() => import('./staff/StaffPage.tsx')) },
];
