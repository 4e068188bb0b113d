import { PlusOutlined } from '@ant-design/icons';
import type { admin } from '@linli/contracts';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Image, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { api } from '../api.ts';
import { SkuForm } from './SkuForm.tsx';
import './locales.ts';

type Sku = z.infer<typeof admin.Sku>;
type ProductWithSkus = z.infer<typeof admin.ProductWithSkus>;

/** A product's SKUs (from GET admin/products/:id) with adding and editing. */
export function SkuSection({ productId, compact = false }: { productId: string; compact?: boolean }) {
  const { t } = useTranslation(['catalog', 'common']);
  const [editing, setEditing] = useState<{ open: boolean; sku: Sku | null }>({ open: false, sku: null });
  const product = useQuery({
    queryKey: ['admin-product', productId],
    queryFn: () => api.get<ProductWithSkus>(`admin/products/${productId}`),
  });
  const columns: ColumnsType<Sku> = [
    {
      key: 'image',
      width: 52,
      render: (_, s) =>
        s.images[0] ? <Image src={s.images[0]} width={36} height={36} style={{ objectFit: 'cover', borderRadius: 4 }} /> : null,
    },
    { title: t('sku.spec'), dataIndex: 'spec' },
    { title: t('sku.unit'), dataIndex: 'unit', width: 70 },
    { title: t('sku.barcode'), dataIndex: 'barcode', width: 140, render: (v: string | null) => v ?? '—' },
    { title: t('sku.cost'), dataIndex: 'costPriceFen', width: 90, align: 'right', render: (v: number) => yuan(v) },
    { title: t('sku.list'), dataIndex: 'listPriceFen', width: 90, align: 'right', render: (v: number) => yuan(v) },
    { title: t('sku.weightG'), dataIndex: 'weightG', width: 90, align: 'right' },
    {
      title: t('common:status'),
      dataIndex: 'active',
      width: 80,
      render: (v: boolean) => (v ? <Tag color="green">{t('sku.active')}</Tag> : <Tag>{t('sku.inactive')}</Tag>),
    },
    {
      key: 'actions',
      width: 70,
      render: (_, s) => (
        <Button type="link" size="small" onClick={() => setEditing({ open: true, sku: s })} data-testid="sku-edit">
          {t('common:edit')}
        </Button>
      ),
    },
  ];
  if (product.isError) return <Alert type="error" showIcon title={errorText(t, product.error)} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Table<Sku>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={product.data?.skus ?? []}
        loading={product.isFetching}
        pagination={false}
        locale={{ emptyText: <Typography.Text type="secondary">{t('sku.none')}</Typography.Text> }}
        onRow={(s) => ({ 'data-testid': 'sku-row', 'data-id': s.id }) as HTMLAttributes<HTMLElement>}
      />
      <Button
        size={compact ? 'small' : 'middle'}
        icon={<PlusOutlined />}
        onClick={() => setEditing({ open: true, sku: null })}
        data-testid="sku-create"
      >
        {t('sku.add')}
      </Button>
      <SkuForm productId={productId} open={editing.open} sku={editing.sku} onClose={() => setEditing({ open: false, sku: null })} />
    </Space>
  );
}
