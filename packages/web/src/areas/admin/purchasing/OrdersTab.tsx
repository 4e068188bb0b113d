import { PurchaseOrderStatus } from '@linli/contracts/procurement';
import { Button, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../../common/api.ts';
import { shortDateTime, yuan } from '../../../common/format.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { useServerTable } from '../../../desktop/useServerTable.ts';
import { api } from '../api.ts';
import { OrderDrawer } from './OrderDrawer.tsx';
import { WarehousePicker, useWarehouseParam } from '../warehouses.tsx';
import { DayPicker, PoStatusTag, type PurchaseOrder, useSuppliers } from './shared.tsx';

type Filters = {
  status?: PurchaseOrderStatus | undefined;
  supplierId?: string | undefined;
  deliveryDate?: string | undefined;
};

/** Lines the supplier confirmed below the ordered quantity. */
export const shortLines = (po: PurchaseOrder) =>
  po.lines.filter((l) => l.confirmedQuantity !== null && l.confirmedQuantity < l.orderedQuantity).length;

/** Purchase orders, latest delivery first, filtered and paged by the server; a row opens the order. */
export function OrdersTab() {
  const { t } = useTranslation('purchasing');
  const [filters, setFilters] = useState<Filters>({});
  const [openId, setOpenId] = useState<string | null>(null);
  const suppliers = useSuppliers();
  // The warehouse goods are delivered to: kept in the URL (?warehouse=), shared with the pick lists.
  const { warehouseId, setWarehouseId, active, choosing } = useWarehouseParam();
  const { query, tableProps } = useServerTable<PurchaseOrder, Filters & { warehouseId?: string | undefined }>(
    'admin-purchase-orders',
    { ...filters, warehouseId },
    (q) => api.get<Page<PurchaseOrder>>('admin/purchase-orders', q),
  );
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  const columns: ColumnsType<PurchaseOrder> = [
    {
      title: t('col.id'),
      dataIndex: 'poNo',
      width: 150,
      render: (no: string) => (
        <Typography.Text code data-testid="po-no">
          {no}
        </Typography.Text>
      ),
    },
    { title: t('col.supplier'), dataIndex: 'supplierName', ellipsis: true },
    { title: t('col.deliveryDate'), dataIndex: 'deliveryDate', width: 120 },
    ...(choosing && !warehouseId
      ? [
          {
            title: t('common:warehouse.label'),
            key: 'warehouse',
            width: 140,
            render: (_: unknown, po: PurchaseOrder) => po.warehouse?.name ?? '—',
          },
        ]
      : []),
    { title: t('col.status'), dataIndex: 'status', width: 130, render: (s: PurchaseOrder['status']) => <PoStatusTag status={s} /> },
    { title: t('col.lines'), key: 'lines', width: 80, align: 'right', render: (_, po) => po.lines.length },
    { title: t('col.total'), dataIndex: 'totalCostFen', width: 120, align: 'right', render: (v: number) => yuan(v) },
    {
      title: t('col.short'),
      key: 'short',
      width: 90,
      align: 'right',
      render: (_, po) => {
        const n = shortLines(po);
        return n > 0 ? <Tag color="orange">{n}</Tag> : <Typography.Text type="secondary">—</Typography.Text>;
      },
    },
    { title: t('col.createdAt'), dataIndex: 'createdAt', width: 120, render: (v: string) => shortDateTime(v) },
    { title: t('col.sentAt'), dataIndex: 'sentAt', width: 120, render: (v: string | null) => (v ? shortDateTime(v) : '—') },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <DayPicker value={filters.deliveryDate} onChange={(deliveryDate) => set({ deliveryDate })} allowClear />
        <WarehousePicker value={warehouseId} onChange={setWarehouseId} active={active} />
        <Select<PurchaseOrderStatus>
          allowClear
          placeholder={t('filter.anyStatus')}
          style={{ width: 160 }}
          value={filters.status}
          onChange={(status) => set({ status })}
          options={PurchaseOrderStatus.options.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          data-testid="po-filter-status"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('filter.anySupplier')}
          style={{ width: 220 }}
          value={filters.supplierId}
          onChange={(supplierId) => set({ supplierId })}
          loading={suppliers.isPending}
          disabled={suppliers.isError}
          options={(suppliers.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          data-testid="po-filter-supplier"
        />
        <Button onClick={() => setFilters({})}>{t('common:reset')}</Button>
      </Space>
      <LoadError query={query} />
      <Table<PurchaseOrder>
        rowKey="id"
        size="middle"
        columns={columns}
        {...tableProps}
        onRow={(po) =>
          ({ onClick: () => setOpenId(po.id), style: { cursor: 'pointer' }, 'data-testid': 'po-row' }) as HTMLAttributes<HTMLElement>
        }
      />
      <OrderDrawer id={openId} onClose={() => setOpenId(null)} />
    </>
  );
}
