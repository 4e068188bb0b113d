import { TabBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { HelpSellPage } from './HelpSellPage.tsx';
import { PurchaseOrderPage } from './PurchaseOrderPage.tsx';
import { PurchaseOrdersPage } from './PurchaseOrdersPage.tsx';
import { StatementPage } from './StatementPage.tsx';
import './supplier.css';

/** Line icons for the tab bar (a list, and a ledger sheet). */
const ListIcon = () => (
  <svg width="1em" height="1em" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
    <path d="M8 6h13M8 12h13M8 18h13M3 6h.01M3 12h.01M3 18h.01" strokeLinecap="round" />
  </svg>
);
const SheetIcon = () => (
  <svg width="1em" height="1em" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
    <rect x="4" y="3" width="16" height="18" rx="2" />
    <path d="M8 8h8M8 12h8M8 16h5" strokeLinecap="round" />
  </svg>
);

function Tabs() {
  const { t } = useTranslation('supplier');
  const navigate = useNavigate();
  const { pathname } = useLocation();
  if (pathname !== '/' && pathname !== '/statement' && pathname !== '/help-sell') return null;
  return (
    <div className="ll-tabbar sp-tabbar">
      <TabBar activeKey={pathname} onChange={(key) => navigate(key)}>
        <TabBar.Item key="/" icon={<ListIcon />} title={t('tabs.orders')} data-testid="tab-orders" />
        <TabBar.Item key="/help-sell" icon={<ListIcon />} title={t('tabs.helpSell')} data-testid="tab-help-sell" />
        <TabBar.Item key="/statement" icon={<SheetIcon />} title={t('tabs.statement')} data-testid="tab-statement" />
      </TabBar>
    </div>
  );
}

/** The supplier's screens: purchase orders to confirm or ship short, its help-sell campaigns, and the statement. */
export function SupplierApp() {
  return (
    <BrowserRouter basename="/supplier">
      <div className="sp-frame">
        <Routes>
          <Route index element={<PurchaseOrdersPage />} />
          <Route path="orders/:id" element={<PurchaseOrderPage />} />
          <Route path="statement" element={<StatementPage />} />
          <Route path="help-sell" element={<HelpSellPage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
        <Tabs />
      </div>
    </BrowserRouter>
  );
}
