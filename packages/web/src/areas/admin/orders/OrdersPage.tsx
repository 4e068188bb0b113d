import * as shop from '@linli/contracts/shop';
import type * as orders from '@linli/contracts/orders';
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../../common/api.ts';
import { shortDateTime, yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { useServerTable } from '../../../desktop/useServerTable.ts';
import { api } from '../api.ts';
import './locales.ts';
import { OrderDrawer } from './OrderDrawer.tsx';
import { type SearchKey, searchKey, statusColor } from './shared.ts';

type Filters = SearchKey & {
  status?: orders.DeskOrder['status'] | undefined;
  pickupDate?: string | undefined;
};

/**
 * The orders desk: one search box (order number, the resident's full phone, pickup code), filters,
 * the list newest first paged by the server, an export of the filtered list, and an order's drawer.
 */
export default function OrdersPage() {
  const { t } = useTranslation('orders');
  const { message } = App.useApp();
  const [filters, setFilters] = useState<Filters>({});
  const [openId, setOpenId] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const { query: list, tableProps } = useServerTable<orders.DeskOrder, Filters>('admin-order-desk', filters, (q) =>
    api.get<Page<orders.DeskOrder>>('admin/order-desk', q),
  );
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const onSearch = (text: string) => {
    const key = searchKey(text);
    if (key === null) {
      void message.warning(t('search.invalid'));
      return;
    }
    setFilters((f) => ({ status: f.status, pickupDate: f.pickupDate, ...key }));
    if (key.phone) void message.info(t('search.byPhone'));
  };
  const exportList = async () => {
    setExporting(true);
    try {
      await api.download('admin/order-desk/export.xlsx', `orders-${dayjs().format('YYYY-MM-DD')}.xlsx`, filters);
    } catch (err) {
      void message.error(errorText(t, err));
    } finally {
      setExporting(false);
    }
  };

  const columns: ColumnsType<orders.DeskOrder> = [
    { title: t('col.orderNo'), dataIndex: 'orderNo', width: 150 },
    { title: t('col.createdAt'), dataIndex: 'createdAt', width: 110, render: (v: string) => shortDateTime(v) },
    {
      title: t('col.status'),
      dataIndex: 'status',
      width: 90,
      render: (v: orders.DeskOrder['status']) => <Tag color={statusColor[v]}>{t(`status.${v}`)}</Tag>,
    },
    { title: t('col.pickupDate'), dataIndex: 'pickupDate', width: 110 },
    { title: t('col.point'), dataIndex: 'pickupPointName', ellipsis: true },
    {
      title: t('col.resident'),
      key: 'resident',
      width: 170,
      render: (_, o) => `${o.residentName || '—'} · ${o.residentPhone}`,
    },
    { title: t('col.items'), dataIndex: 'items', ellipsis: true },
    { title: t('col.total'), dataIndex: 'totalFen', width: 90, align: 'right', render: (v: number) => yuan(v) },
    {
      title: t('col.refunded'),
      dataIndex: 'refundedFen',
      width: 90,
      align: 'right',
      render: (v: number) => (v ? yuan(v) : '—'),
    },
    {
      title: t('col.view'),
      key: 'view',
      width: 70,
      render: (_, o) => (
        <Button type="link" size="small" onClick={() => setOpenId(o.id)} data-testid="order-open">
          {t('col.view')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          style={{ width: 300 }}
          placeholder={t('search.placeholder')}
          title={t('search.hint')}
          onSearch={(v) => (v.trim() ? onSearch(v) : setFilters((f) => ({ status: f.status, pickupDate: f.pickupDate })))}
          data-testid="order-search"
        />
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('filter.status')}
          value={filters.status}
          options={shop.OrderStatus.options.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          onChange={(v) => set({ status: v })}
          data-testid="order-filter-status"
        />
        <DatePicker
          placeholder={t('filter.pickupDate')}
          value={filters.pickupDate ? dayjs(filters.pickupDate) : null}
          onChange={(d) => set({ pickupDate: d ? d.format('YYYY-MM-DD') : undefined })}
        />
        <Button onClick={() => setFilters({})}>{t('common:reset')}</Button>
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportList()} data-testid="order-export">
          {t('export')}
        </Button>
      </Space>
      <LoadError query={list} />
      <Table<orders.DeskOrder>
        rowKey="id"
        size="middle"
        columns={columns}
        {...tableProps}
        onRow={(o) => ({ 'data-testid': 'order-row', onDoubleClick: () => setOpenId(o.id) }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Typography.Text type="secondary">{t('common:empty')}</Typography.Text> }}
      />
      <OrderDrawer id={openId} onClose={() => setOpenId(null)} />
    </>
  );
}
