import { DownloadOutlined } from '@ant-design/icons';
import type * as admin from '@linli/contracts/admin';
import type * as procurement from '@linli/contracts/procurement';
import { useQuery } from '@tanstack/react-query';
import { App, Button, type ButtonProps, DatePicker, Segmented, Space, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Page, Query } from '../../../common/api.ts';
import { businessToday } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { api } from '../api.ts';
import './locales.ts';

/** Helpers shared by the operations sections (purchasing, receiving, sorting, dispatch). */

export type PurchaseOrder = z.infer<typeof procurement.PurchaseOrder>;
export type PurchaseOrderLine = z.infer<typeof procurement.PurchaseOrderLine>;
export type PurchaseOrderStatus = z.infer<typeof procurement.PurchaseOrderStatus>;
type Supplier = z.infer<typeof admin.Supplier>;
type PickupPoint = z.infer<typeof admin.PickupPoint>;

export const poStatusColor: Record<PurchaseOrderStatus, string> = {
  draft: 'default',
  sent: 'processing',
  confirmed: 'blue',
  short_confirmed: 'orange',
  receiving: 'purple',
  received: 'green',
  cancelled: 'red',
};

export function PoStatusTag({ status }: { status: PurchaseOrderStatus }) {
  const { t } = useTranslation('purchasing');
  return <Tag color={poStatusColor[status]}>{t(`status.${status}`)}</Tag>;
}

/** The last characters of an id: enough to tell records apart on screen. */
export const shortId = (id: string) => id.slice(-8).toUpperCase();

/** A date (YYYY-MM-DD) moved by whole days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A business day: a date picker with today and tomorrow one click away. */
export function DayPicker({
  value,
  onChange,
  allowClear,
}: {
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  allowClear?: boolean;
}) {
  const { t } = useTranslation('purchasing');
  const today = businessToday();
  const tomorrow = addDays(today, 1);
  const quick = value === today ? 'today' : value === tomorrow ? 'tomorrow' : null;
  return (
    <Space size={8}>
      <Segmented
        value={quick ?? ''}
        options={[
          { value: 'today', label: t('day.today') },
          { value: 'tomorrow', label: t('day.tomorrow') },
        ]}
        onChange={(v) => onChange(v === 'today' ? today : tomorrow)}
        data-testid="day-quick"
      />
      <DatePicker
        value={value ? dayjs(value) : null}
        allowClear={allowClear ?? false}
        onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : undefined)}
        data-testid="day-picker"
      />
    </Space>
  );
}

/** A download (Excel) with the session: the button spins while the file is made, a failure says why. */
export function ExportButton({
  path,
  filename,
  query,
  label,
  testId,
  ...rest
}: { path: string; filename: string; query?: Query; label?: string; testId?: string } & Omit<ButtonProps, 'onClick' | 'loading'>) {
  const { t } = useTranslation('common');
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await api.download(path, filename, query);
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  const props = { ...rest, 'data-testid': testId } as ButtonProps;
  return (
    <Button icon={<DownloadOutlined />} {...props} loading={busy} onClick={run}>
      {busy ? t('exporting') : (label ?? t('export'))}
    </Button>
  );
}

/** Suppliers by id (up to 200, the operator's whole list in practice); empty when the role may not list them. */
export function useSuppliers() {
  return useQuery({
    queryKey: ['admin', 'suppliers', 'all'],
    staleTime: 5 * 60_000,
    retry: false,
    queryFn: async () => (await api.get<Page<Supplier>>('admin/suppliers', { page: 1, pageSize: 200 })).items,
  });
}

/** The operator's pickup points by id, for names in lists that carry ids only (read in pages of 200). */
export function usePickupPoints() {
  return useQuery({
    queryKey: ['admin', 'pickup-points', 'all'],
    staleTime: 5 * 60_000,
    retry: false,
    queryFn: async () => {
      const all = new Map<string, PickupPoint>();
      for (let page = 1; page <= 50; page++) {
        const res = await api.get<Page<PickupPoint>>('admin/pickup-points', { page, pageSize: 200 });
        for (const p of res.items) all.set(p.id, p);
        if (page * res.pageSize >= res.total) break;
      }
      return all;
    },
  });
}

/** Every purchase order of a delivery date (the day's few suppliers fit one page of 200). */
export function useDayPurchaseOrders(deliveryDate: string | undefined, warehouseId?: string) {
  return useQuery({
    queryKey: ['admin', 'purchase-orders', 'day', deliveryDate, ...(warehouseId ? [warehouseId] : [])],
    enabled: Boolean(deliveryDate),
    queryFn: () => api.get<Page<PurchaseOrder>>('admin/purchase-orders', { deliveryDate, warehouseId, page: 1, pageSize: 200 }),
  });
}

/** Item and supplier names from a day's purchase orders, for lists that name them by id. */
export function namesFrom(orders: readonly PurchaseOrder[] | undefined) {
  const skus = new Map<string, { name: string; unit: string }>();
  const suppliers = new Map<string, string>();
  for (const po of orders ?? []) {
    suppliers.set(po.supplierId, po.supplierName);
    for (const l of po.lines) skus.set(l.skuId, { name: l.skuName, unit: l.unit });
  }
  return { skus, suppliers };
}
