import type * as procurement from '@linli/contracts/procurement';
import { useQuery } from '@tanstack/react-query';
import { Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { businessToday } from '../../../common/format.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { WarehousePicker, useWarehouseParam } from '../warehouses.tsx';
import { DayPicker, addDays, namesFrom, shortId, useDayPurchaseOrders, usePickupPoints } from './shared.tsx';

type PickItem = z.infer<typeof procurement.PickList>['items'][number];

export interface PointPicks {
  pickupPointId: string;
  units: number;
  items: PickItem[];
}

/** Pick list rows grouped by pickup point, points in the order they first appear. */
export function groupByPoint(items: readonly PickItem[]): PointPicks[] {
  const groups = new Map<string, PointPicks>();
  for (const item of items) {
    const g = groups.get(item.pickupPointId) ?? { pickupPointId: item.pickupPointId, units: 0, items: [] };
    g.units += item.quantity;
    g.items.push(item);
    groups.set(item.pickupPointId, g);
  }
  return [...groups.values()];
}

/** Units per pickup point and item for a pickup date, as aggregated at cutoff; one point or all. */
export function PickListsTab() {
  const { t } = useTranslation('purchasing');
  const [date, setDate] = useState<string>(addDays(businessToday(), 1));
  const [pointId, setPointId] = useState<string | undefined>();
  const points = usePickupPoints();
  const { warehouseId, setWarehouseId, active } = useWarehouseParam();
  const orders = useDayPurchaseOrders(date);
  const names = namesFrom(orders.data?.items);
  const query = useQuery({
    queryKey: ['admin', 'pick-lists', date, pointId, warehouseId],
    queryFn: () => api.get<{ items: PickItem[] }>('admin/pick-lists', { pickupDate: date, pickupPointId: pointId, warehouseId }),
  });
  const groups = groupByPoint(query.data?.items ?? []);
  const pointName = (id: string) => points.data?.get(id)?.name ?? shortId(id);
  const units = groups.reduce((s, g) => s + g.units, 0);

  const columns: ColumnsType<PointPicks> = [
    { title: t('col.point'), dataIndex: 'pickupPointId', ellipsis: true, render: (id: string) => pointName(id) },
    { title: t('col.skus'), key: 'skus', width: 90, align: 'right', render: (_, g) => g.items.length },
    { title: t('col.units'), dataIndex: 'units', width: 90, align: 'right' },
  ];
  const itemColumns: ColumnsType<PickItem> = [
    { title: t('col.sku'), dataIndex: 'skuId', render: (id: string) => names.skus.get(id)?.name ?? shortId(id) },
    { title: t('col.supplier'), dataIndex: 'supplierId', width: 220, render: (id: string) => names.suppliers.get(id) ?? shortId(id) },
    {
      title: t('col.quantity'),
      dataIndex: 'quantity',
      width: 110,
      align: 'right',
      render: (q: number, i) => `${q} ${names.skus.get(i.skuId)?.unit ?? ''}`,
    },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <span>{t('day.pickupDate')}</span>
        <DayPicker value={date} onChange={(d) => d && setDate(d)} />
        <WarehousePicker value={warehouseId} onChange={setWarehouseId} active={active} />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('picks.allPoints')}
          style={{ width: 280 }}
          value={pointId}
          onChange={setPointId}
          loading={points.isPending}
          disabled={points.isError}
          options={[...(points.data?.values() ?? [])].map((p) => ({ value: p.id, label: p.name }))}
          data-testid="pick-point"
        />
        {query.isSuccess && groups.length > 0 && (
          <Typography.Text type="secondary">{t('picks.summary', { points: groups.length, units })}</Typography.Text>
        )}
      </Space>
      <Typography.Text type="secondary">{t('picks.hint')}</Typography.Text>
      <LoadError query={query} />
      <Table<PointPicks>
        rowKey="pickupPointId"
        size="middle"
        columns={columns}
        dataSource={groups}
        loading={query.isFetching}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        expandable={{
          expandedRowRender: (g) => (
            <Table<PickItem> rowKey="skuId" size="small" columns={itemColumns} dataSource={g.items} pagination={false} />
          ),
          defaultExpandAllRows: false,
        }}
        locale={{ emptyText: t('picks.none') }}
      />
    </Space>
  );
}
