import { PictureOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import type { admin } from '@linli/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Image, Input, Popconfirm, Segmented, Space, Tag, TreeSelect } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useNavigate } from 'react-router';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { dateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { ListTable } from '../../../desktop/ListTable.tsx';
import { useServerTable } from '../../../desktop/useServerTable.ts';
import { api } from '../api.ts';
import { SupplierSelect, temperatureColor, useCategories, useDebounced, useSupplierName } from './lookups.tsx';
import { ProductDrawer } from './ProductDrawer.tsx';
import { SkuSection } from './SkuSection.tsx';
import './locales.ts';

type Product = z.infer<typeof admin.Product>;
type Active = 'all' | 'true' | 'false';

function SupplierName({ id }: { id: string }) {
  return <>{useSupplierName(id).data ?? '…'}</>;
}

/** Products paged and filtered on the server (name, category, supplier, on sale), each with its SKUs below. */
export function ProductsTab() {
  const { t } = useTranslation(['catalog', 'common']);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const categories = useCategories();
  const [name, setName] = useState('');
  const [categoryId, setCategoryId] = useState<string>();
  const [supplierId, setSupplierId] = useState<string>();
  const [active, setActive] = useState<Active>('all');
  const filters = { name: useDebounced(name.trim()) || undefined, categoryId, supplierId, active: active === 'all' ? undefined : active };
  const { query, tableProps } = useServerTable<Product, typeof filters>('admin-products', filters, (q) =>
    api.get<Page<Product>>('admin/products', q),
  );
  const toggle = useMutation({
    mutationFn: (p: Product) => api.patch<Product>(`admin/products/${p.id}`, { active: !p.active }),
    onSuccess: (p) => {
      message.success(t(p.active ? 'product.activated' : 'product.deactivated', { name: p.name }));
      void client.invalidateQueries({ queryKey: ['admin-products'] });
    },
    onError: (err) => message.error(errorText(t, err)),
  });

  const columns: ColumnsType<Product> = [
    {
      key: 'image',
      width: 64,
      render: (_, p) =>
        p.images[0] ? (
          <Image src={p.images[0]} width={44} height={44} style={{ objectFit: 'cover', borderRadius: 4 }} />
        ) : (
          <div
            style={{ width: 44, height: 44, background: '#f5f5f5', borderRadius: 4, display: 'grid', placeItems: 'center', color: '#bbb' }}
          >
            <PictureOutlined />
          </div>
        ),
    },
    {
      title: t('product.name'),
      dataIndex: 'name',
      render: (v: string, p) => <Link to={`/catalog/products/${p.id}`}>{v}</Link>,
    },
    { title: t('product.category'), dataIndex: 'categoryId', width: 120, render: (id: string) => categories.byId.get(id)?.name ?? '…' },
    { title: t('product.supplier'), dataIndex: 'supplierId', width: 180, render: (id: string) => <SupplierName id={id} /> },
    {
      title: t('product.temperatureClass'),
      dataIndex: 'temperatureClass',
      width: 90,
      render: (v: Product['temperatureClass']) => <Tag color={temperatureColor[v]}>{t(`temperature.${v}`)}</Tag>,
    },
    { title: t('product.shelfLifeDays'), dataIndex: 'shelfLifeDays', width: 110, align: 'right' },
    {
      title: t('common:status'),
      dataIndex: 'active',
      width: 90,
      render: (v: boolean) => (v ? <Tag color="green">{t('product.active')}</Tag> : <Tag>{t('product.inactive')}</Tag>),
    },
    { title: t('product.updatedAt'), dataIndex: 'updatedAt', width: 150, render: (v: string) => dateTime(v) },
    {
      title: t('common:actions'),
      key: 'actions',
      width: 150,
      render: (_, p) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => navigate(`/catalog/products/${p.id}`)} data-testid="product-edit">
            {t('common:edit')}
          </Button>
          {p.active ? (
            <Popconfirm title={t('product.deactivateConfirm')} onConfirm={() => toggle.mutate(p)}>
              <Button type="link" size="small" danger>
                {t('product.deactivate')}
              </Button>
            </Popconfirm>
          ) : (
            <Button type="link" size="small" onClick={() => toggle.mutate(p)}>
              {t('product.activate')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('product.searchName')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          style={{ width: 220 }}
          data-testid="product-search"
        />
        <TreeSelect
          allowClear
          placeholder={t('product.allCategories')}
          treeData={categories.tree}
          value={categoryId}
          onChange={setCategoryId}
          treeDefaultExpandAll
          style={{ width: 180 }}
        />
        <SupplierSelect
          allowClear
          placeholder={t('product.allSuppliers')}
          value={supplierId}
          onChange={setSupplierId}
          style={{ width: 220 }}
        />
        <Segmented<Active>
          value={active}
          onChange={setActive}
          options={[
            { value: 'all', label: t('common:all') },
            { value: 'true', label: t('product.active') },
            { value: 'false', label: t('product.inactive') },
          ]}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/catalog/products/new')} data-testid="product-create">
          {t('product.create')}
        </Button>
      </Space>
      <ListTable<Product>
        table={{ query, tableProps }}
        columns={columns}
        expandable={{ expandedRowRender: (p) => <SkuSection productId={p.id} compact /> }}
        row={(p) => ({ 'data-testid': 'product-row', 'data-id': p.id })}
      />
      <Routes>
        <Route path=":productId" element={<ProductDrawer />} />
      </Routes>
    </Space>
  );
}
