import { CheckOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import type { admin } from '@linli/contracts';
import { useQuery } from '@tanstack/react-query';
import { Button, Input, Modal, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { yuan } from '../../../common/format.ts';
import { api } from '../api.ts';
import { useCategories, useDebounced } from '../catalog/lookups.tsx';
import { useServerTable } from '../../../desktop/useServerTable.ts';
import './locales.ts';

type Product = z.infer<typeof admin.Product>;
type Sku = z.infer<typeof admin.Sku>;
type ProductWithSkus = z.infer<typeof admin.ProductWithSkus>;
export interface PickedSku {
  skuId: string;
  productName: string;
  spec: string;
  unit: string;
  listPriceFen: number;
}

function SkuChoices({ productId, picked, onPick }: { productId: string; picked: Set<string>; onPick: (s: PickedSku) => void }) {
  const { t } = useTranslation(['campaigns', 'common']);
  const product = useQuery({
    queryKey: ['admin-product', productId],
    queryFn: () => api.get<ProductWithSkus>(`admin/products/${productId}`),
  });
  const columns: ColumnsType<Sku> = [
    { dataIndex: 'spec' },
    { dataIndex: 'unit', width: 60 },
    { dataIndex: 'listPriceFen', width: 90, align: 'right', render: (v: number) => yuan(v) },
    {
      key: 'pick',
      width: 100,
      render: (_, s) =>
        !s.active ? (
          <Tag>{t('picker.inactive')}</Tag>
        ) : picked.has(s.id) ? (
          <Button size="small" type="text" icon={<CheckOutlined />} disabled>
            {t('picker.picked')}
          </Button>
        ) : (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() =>
              onPick({ skuId: s.id, productName: product.data!.name, spec: s.spec, unit: s.unit, listPriceFen: s.listPriceFen })
            }
            data-testid="sku-pick"
          >
            {t('picker.pick')}
          </Button>
        ),
    },
  ];
  return (
    <Table<Sku>
      rowKey="id"
      size="small"
      showHeader={false}
      columns={columns}
      dataSource={product.data?.skus ?? []}
      loading={product.isPending}
      pagination={false}
      onRow={() => ({ 'data-testid': 'sku-choice' }) as HTMLAttributes<HTMLElement>}
    />
  );
}

/** Picks SKUs from the catalog (products on sale, searched and paged on the server; a product opens onto its SKUs). */
export function SkuPicker({
  open,
  picked,
  onPick,
  onClose,
}: {
  open: boolean;
  picked: Set<string>;
  onPick: (s: PickedSku) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation(['campaigns', 'common']);
  const categories = useCategories();
  const [name, setName] = useState('');
  const [categoryId, setCategoryId] = useState<string>();
  const filters = { name: useDebounced(name.trim()) || undefined, categoryId, active: 'true' };
  const { tableProps } = useServerTable<Product, typeof filters>(
    'admin-products',
    filters,
    (q) => api.get<Page<Product>>('admin/products', q),
    10,
  );
  return (
    <Modal
      open={open}
      width={760}
      title={t('picker.skuTitle')}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('common:confirm')}</Button>}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space>
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('picker.search')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            style={{ width: 240 }}
            data-testid="sku-picker-search"
          />
          <TreeSelect
            allowClear
            placeholder={t('picker.allCategories')}
            treeData={categories.tree}
            value={categoryId}
            onChange={setCategoryId}
            style={{ width: 180 }}
          />
          <Typography.Text type="secondary">{t('picker.expand')}</Typography.Text>
        </Space>
        <Table<Product>
          rowKey="id"
          size="small"
          columns={[
            { dataIndex: 'name', title: t('picker.productName') },
            {
              dataIndex: 'categoryId',
              title: t('picker.category'),
              width: 140,
              render: (id: string) => categories.byId.get(id)?.name ?? '…',
            },
          ]}
          {...tableProps}
          expandable={{ expandRowByClick: true, expandedRowRender: (p) => <SkuChoices productId={p.id} picked={picked} onPick={onPick} /> }}
          onRow={() => ({ 'data-testid': 'sku-picker-product', style: { cursor: 'pointer' } }) as HTMLAttributes<HTMLElement>}
        />
      </Space>
    </Modal>
  );
}
