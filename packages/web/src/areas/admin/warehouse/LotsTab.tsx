import { Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { businessToday } from '../../../common/format.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { DayPicker, type PurchaseOrder, useDayPurchaseOrders } from '../purchasing/shared.tsx';
import { WarehousePicker, useWarehouseParam } from '../warehouses.tsx';

export interface LotRow {
  lineId: string;
  supplierName: string;
  skuName: string;
  unit: string;
  lotCode: string;
  expiresOn: string | null;
  received: number;
  rejected: number;
  accepted: number;
  over: number;
  overAccepted: boolean | null;
}

/** The lots recorded on a day's purchase orders (lines with a lot code), soonest expiry first. */
export function lotsOf(orders: readonly PurchaseOrder[]): LotRow[] {
  const rows: LotRow[] = [];
  for (const po of orders)
    for (const l of po.lines) {
      if (!l.lotCode) continue;
      rows.push({
        lineId: l.id,
        supplierName: po.supplierName,
        skuName: l.skuName,
        unit: l.unit,
        lotCode: l.lotCode,
        expiresOn: l.expiresOn,
        received: l.receivedQuantity ?? 0,
        rejected: l.rejectedQuantity ?? 0,
        accepted: l.acceptedQuantity ?? 0,
        over: l.overQuantity ?? 0,
        overAccepted: l.overAccepted,
      });
    }
  return rows.sort((a, b) => (a.expiresOn ?? '9999').localeCompare(b.expiresOn ?? '9999') || a.skuName.localeCompare(b.skuName));
}

/** Lots received on a delivery date. */
export function LotsTab() {
  const { t } = useTranslation('warehouse');
  const [date, setDate] = useState(businessToday());
  const { warehouseId, setWarehouseId, active } = useWarehouseParam();
  const orders = useDayPurchaseOrders(date, warehouseId);
  const rows = lotsOf(orders.data?.items ?? []);
  const columns: ColumnsType<LotRow> = [
    { title: t('col.lot'), dataIndex: 'lotCode', width: 180, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: t('col.sku'), dataIndex: 'skuName', ellipsis: true },
    { title: t('col.supplier'), dataIndex: 'supplierName', ellipsis: true, width: 200 },
    { title: t('col.expiresOn'), dataIndex: 'expiresOn', width: 120, render: (v: string | null) => v ?? '—' },
    { title: t('col.received'), dataIndex: 'received', width: 80, align: 'right' },
    { title: t('col.rejected'), dataIndex: 'rejected', width: 80, align: 'right' },
    {
      title: t('col.accepted'),
      key: 'accepted',
      width: 150,
      align: 'right',
      render: (_, r) => (
        <Space size={4}>
          {r.over > 0 && <Tag color={r.overAccepted ? 'blue' : 'default'}>{`${t('col.over')} ${r.over}`}</Tag>}
          <strong>
            {r.accepted} {r.unit}
          </strong>
        </Space>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <DayPicker value={date} onChange={(d) => d && setDate(d)} />
        <WarehousePicker value={warehouseId} onChange={setWarehouseId} active={active} />
        <Typography.Text type="secondary">{t('lots.hint')}</Typography.Text>
      </Space>
      <LoadError query={orders} />
      <Table<LotRow>
        rowKey="lineId"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={orders.isFetching}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('lots.none') }}
      />
    </Space>
  );
}
