import { PurchaseOrderStatus } from '@linli/contracts/procurement';
import { Button, Progress, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../../common/api.ts';
import { businessToday } from '../../../common/format.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { useServerTable } from '../../../desktop/useServerTable.ts';
import { api } from '../api.ts';
import { DayPicker, PoStatusTag, type PurchaseOrder } from '../purchasing/shared.tsx';
import { WarehousePicker, useWarehouseParam } from '../warehouses.tsx';
import { expectedOf } from './receipt.ts';
import { ReceivingDrawer } from './ReceivingDrawer.tsx';

type Filters = { deliveryDate?: string | undefined; status?: PurchaseOrderStatus | undefined };
const receivable = new Set<PurchaseOrderStatus>(['confirmed', 'short_confirmed', 'receiving']);

/** The purchase orders arriving on a date, paged by the server; a row opens its receipt. */
export function ReceiveTab() {
  const { t } = useTranslation('warehouse');
  const [filters, setFilters] = useState<Filters>({ deliveryDate: businessToday() });
  const [openId, setOpenId] = useState<string | null>(null);
  // The warehouse receiving: kept in the URL (?warehouse=), shared with the lots tab.
  const { warehouseId, setWarehouseId, active, choosing } = useWarehouseParam();
  const { query, tableProps } = useServerTable<PurchaseOrder, Filters & { warehouseId?: string | undefined }>(
    'admin-receiving',
    { ...filters, warehouseId },
    (q) => api.get<Page<PurchaseOrder>>('admin/purchase-orders', q),
  );
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
    { title: t('col.status'), dataIndex: 'status', width: 130, render: (s: PurchaseOrderStatus) => <PoStatusTag status={s} /> },
    { title: t('col.lines'), key: 'lines', width: 70, align: 'right', render: (_, po) => po.lines.length },
    {
      title: t('col.expected'),
      key: 'expected',
      width: 90,
      align: 'right',
      render: (_, po) => po.lines.reduce((s, l) => s + expectedOf(l), 0),
    },
    {
      title: t('col.progress'),
      key: 'progress',
      width: 180,
      render: (_, po) => {
        const done = po.lines.filter((l) => l.receivedQuantity !== null).length;
        return (
          <Progress
            size="small"
            percent={Math.round((done / Math.max(1, po.lines.length)) * 100)}
            format={() => `${done}/${po.lines.length}`}
          />
        );
      },
    },
    {
      title: t('common:actions'),
      key: 'action',
      width: 100,
      render: (_, po) => (
        <Button size="small" type={receivable.has(po.status) ? 'primary' : 'default'} onClick={() => setOpenId(po.id)}>
          {receivable.has(po.status) ? t('action.receive') : t('action.view')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <DayPicker value={filters.deliveryDate} onChange={(deliveryDate) => setFilters((f) => ({ ...f, deliveryDate }))} allowClear />
        <WarehousePicker value={warehouseId} onChange={setWarehouseId} active={active} />
        <Select<PurchaseOrderStatus>
          allowClear
          placeholder={t('filter.anyStatus')}
          style={{ width: 160 }}
          value={filters.status}
          onChange={(status) => setFilters((f) => ({ ...f, status }))}
          options={PurchaseOrderStatus.options.filter((s) => s !== 'draft').map((s) => ({ value: s, label: t(`purchasing:status.${s}`) }))}
        />
      </Space>
      <LoadError query={query} />
      <Table<PurchaseOrder>
        rowKey="id"
        size="middle"
        columns={columns}
        {...tableProps}
        onRow={(po) =>
          ({ onClick: () => setOpenId(po.id), style: { cursor: 'pointer' }, 'data-testid': 'receiving-row' }) as HTMLAttributes<HTMLElement>
        }
      />
      <ReceivingDrawer id={openId} onClose={() => setOpenId(null)} />
    </>
  );
}
