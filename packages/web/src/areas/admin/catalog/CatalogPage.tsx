import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { CategoriesTab } from './CategoriesTab.tsx';
import { ProductsTab } from './ProductsTab.tsx';
import { SuppliersTab } from './SuppliersTab.tsx';
import './locales.ts';

const tabs = ['products', 'categories', 'suppliers'] as const;

/** The catalog: products and their SKUs, categories, suppliers (/admin/catalog/<tab>). */
export default function CatalogPage() {
  const { t } = useTranslation('catalog');
  const navigate = useNavigate();
  const tab = useLocation().pathname.split('/')[2] || 'products';
  return (
    <Card styles={{ body: { paddingTop: 8 } }}>
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(`/catalog/${key}`)}
        items={tabs.map((key) => ({ key, label: <span data-testid={`catalog-tab-${key}`}>{t(`tabs.${key}`)}</span> }))}
      />
      <Routes>
        <Route index element={<Navigate to="products" replace />} />
        <Route path="products/*" element={<ProductsTab />} />
        <Route path="categories" element={<CategoriesTab />} />
        <Route path="suppliers" element={<SuppliersTab />} />
        <Route path="*" element={<Navigate to="products" replace />} />
      </Routes>
    </Card>
  );
}
