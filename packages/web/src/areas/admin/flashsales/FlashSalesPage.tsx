import type * as admin from '@linli/contracts/admin';
import * as flashsale from '@linli/contracts/flashsale';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { shortDateTime, yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { fenOf } from '../catalog/money.ts';
import { useCan } from '../permissions.ts';
import './locales.ts';

type Sale = z.infer<typeof flashsale.AdminFlashSale>;
type Campaign = z.infer<typeof admin.Campaign>;
type Summary = z.infer<typeof admin.CampaignSummary>;

const stateColor: Record<Sale['state'], string> = { upcoming: 'blue', on: 'red', ended: 'default' };

/** 整点秒杀 for merchandisers: the sessions live (stock in the gate and by the orders, every two seconds), a new one, cancel, reconcile. */
export default function FlashSalesPage() {
  const { t } = useTranslation(['flashsales', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const can = useCan();
  const [adding, setAdding] = useState(false);
  const list = useQuery({
    queryKey: ['admin-flash-sales'],
    queryFn: async () => flashsale.AdminFlashSaleList.parse(await api.get('admin/flash-sales')),
    refetchInterval: 2_000,
  });
  const act = useMutation({
    mutationFn: (a: { id: string; action: 'cancel' | 'reconcile' }) => api.post<Sale>(`admin/flash-sales/${a.id}/${a.action}`, {}),
    onSuccess: (_, a) => {
      void message.success(a.action === 'cancel' ? t('cancelled') : t('reconciled'));
      void client.invalidateQueries({ queryKey: ['admin-flash-sales'] });
    },
    onError: (err) => void message.error(errorText(t, err)),
  });
  const columns: ColumnsType<Sale> = [
    {
      title: t('col.title'),
      dataIndex: 'title',
      render: (title: string, s) => (
        <Space orientation="vertical" size={0}>
          {title}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`gate.${s.gate}`)} · {s.quantity} · ≤{s.perResidentLimit}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('col.price'), key: 'price', render: (_, s) => `${yuan(s.priceFen)} / ${yuan(s.listPriceFen)}` },
    { title: t('col.window'), key: 'window', render: (_, s) => `${shortDateTime(s.startsAt)} — ${shortDateTime(s.endsAt)}` },
    {
      title: t('col.state'),
      dataIndex: 'state',
      render: (state: Sale['state'], s) => (
        <Tag color={s.status === 'cancelled' ? 'default' : stateColor[state]} data-testid="flash-state">
          {s.status === 'cancelled' ? t('cancelledTag') : t(`state.${state}`)}
        </Tag>
      ),
    },
    {
      title: t('col.left'),
      key: 'left',
      render: (_, s) => (
        <span data-testid="flash-left">
          {s.gateLeft ?? '—'} / {s.left}
        </span>
      ),
    },
    { title: t('col.orders'), key: 'orders', render: (_, s) => `${s.orders} (${s.paidOrders})` },
    { title: t('col.cost'), dataIndex: 'costFen', render: (fen: number) => yuan(fen) },
    { title: t('col.newResidents'), dataIndex: 'newResidents' },
    {
      title: t('col.reconciliation'),
      key: 'reconciliation',
      render: (_, s) =>
        s.reconciliation ? (
          <ReconciliationText r={s.reconciliation} />
        ) : (
          <Typography.Text type="secondary">{t('notReconciled')}</Typography.Text>
        ),
    },
    {
      key: 'actions',
      render: (_, s) =>
        can('section.flashsales') && (
          <Space>
            {s.status === 'scheduled' && s.state !== 'ended' && (
              <Button size="small" danger onClick={() => act.mutate({ id: s.id, action: 'cancel' })}>
                {t('cancel')}
              </Button>
            )}
            <Button size="small" onClick={() => act.mutate({ id: s.id, action: 'reconcile' })}>
              {t('reconcile')}
            </Button>
          </Space>
        ),
    },
  ];
  return (
    <Card
      title={t('title')}
      extra={
        <Button type="primary" onClick={() => setAdding(true)} data-testid="flash-add">
          {t('add')}
        </Button>
      }
    >
      <Alert type="info" showIcon message={t('hint')} style={{ marginBottom: 16 }} />
      {list.isError ? (
        <LoadError query={list} />
      ) : (
        <Table rowKey="id" size="small" loading={list.isLoading} dataSource={list.data?.items ?? []} columns={columns} pagination={false} />
      )}
      {adding && <NewSession onClose={() => setAdding(false)} />}
    </Card>
  );
}

function ReconciliationText({ r }: { r: NonNullable<Sale['reconciliation']> }) {
  const { t } = useTranslation('flashsales');
  const numbers = { gate: r.gateLeft ?? '—', orders: r.ordersLeft };
  if (r.gate === 'database') return <Typography.Text type="success">{t('agreed')}</Typography.Text>;
  if (r.repaired) return <Typography.Text type="warning">{t('repaired', numbers)}</Typography.Text>;
  if (r.gateLeft !== r.ordersLeft || r.residentsDiffering > 0)
    return <Typography.Text type="warning">{t('differs', numbers)}</Typography.Text>;
  return <Typography.Text type="success">{t('agreed')}</Typography.Text>;
}

interface FormValues {
  campaignId: string;
  campaignLineId: string;
  title: string;
  price: number;
  quantity: number;
  perResidentLimit: number;
  window: [Dayjs, Dayjs];
}

function NewSession({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation(['flashsales', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const campaignId = Form.useWatch('campaignId', form);
  const campaigns = useQuery({
    queryKey: ['admin-campaigns', 'for-flash-sales'],
    queryFn: async () => {
      const [open, scheduled] = await Promise.all(
        (['open', 'scheduled'] as const).map((status) => api.get<Page<Summary>>('admin/campaigns', { status, page: 1, pageSize: 100 })),
      );
      return [...(open?.items ?? []), ...(scheduled?.items ?? [])];
    },
  });
  const campaign = useQuery({
    queryKey: ['admin-campaign', campaignId],
    queryFn: () => api.get<Campaign>(`admin/campaigns/${campaignId}`),
    enabled: !!campaignId,
  });
  const create = useMutation({
    mutationFn: (v: FormValues) =>
      api.post<Sale>(
        'admin/flash-sales',
        flashsale.CreateFlashSale.parse({
          campaignLineId: v.campaignLineId,
          title: v.title,
          priceFen: fenOf(v.price),
          quantity: v.quantity,
          perResidentLimit: v.perResidentLimit,
          startsAt: v.window[0].toISOString(),
          endsAt: v.window[1].toISOString(),
        }),
      ),
    onSuccess: () => {
      void message.success(t('created'));
      void client.invalidateQueries({ queryKey: ['admin-flash-sales'] });
      onClose();
    },
    onError: (err) => void message.error(errorText(t, err)),
  });
  return (
    <Modal open title={t('add')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden>
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ quantity: 100, perResidentLimit: 1 }}
        onFinish={(v) => create.mutate(v)}
      >
        <Form.Item name="campaignId" label={t('form.campaign')} rules={[{ required: true }]}>
          <Select
            loading={campaigns.isLoading}
            options={(campaigns.data ?? []).map((c) => ({ value: c.id, label: `${c.title} · ${c.pickupDate}` }))}
            onChange={() => form.setFieldValue('campaignLineId', undefined)}
            data-testid="flash-campaign"
          />
        </Form.Item>
        <Form.Item name="campaignLineId" label={t('form.line')} rules={[{ required: true }]}>
          <Select
            loading={campaign.isLoading}
            options={(campaign.data?.lines ?? []).map((l) => ({
              value: l.id,
              label: `${l.productName} ${l.spec} · ${yuan(l.groupPriceFen)} · ${l.stockLeft === null ? t('form.unlimited') : t('form.stockLeft', { n: l.stockLeft })}`,
            }))}
            data-testid="flash-line"
          />
        </Form.Item>
        <Form.Item name="title" label={t('form.title')} rules={[{ required: true, max: 60 }]}>
          <Input data-testid="flash-title" />
        </Form.Item>
        <Space>
          <Form.Item name="price" label={t('form.price')} rules={[{ required: true }]}>
            <InputNumber min={0.01} step={0.1} precision={2} data-testid="flash-price" />
          </Form.Item>
          <Form.Item name="quantity" label={t('form.quantity')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100_000} precision={0} />
          </Form.Item>
          <Form.Item name="perResidentLimit" label={t('form.limit')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100} precision={0} />
          </Form.Item>
        </Space>
        <Form.Item name="window" label={t('form.window')} rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
