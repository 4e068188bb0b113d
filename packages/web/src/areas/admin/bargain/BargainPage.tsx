import type * as admin from '@linli/contracts/admin';
import type * as bargain from '@linli/contracts/bargain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { dateTime, yuan, yuanToFen } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { useCan } from '../permissions.ts';
import './locales.ts';

type Offer = z.infer<typeof bargain.BargainOfferWithResults>;
type AdminBargain = z.infer<typeof bargain.AdminBargain>;
type Campaign = z.infer<typeof admin.Campaign>;
type Summary = z.infer<typeof admin.CampaignSummary>;
type CreateValues = {
  title: string;
  campaignId: string;
  campaignLineId: string;
  floorYuan: number;
  helpersNeeded: number;
  durationMinutes: number;
  newcomerOnly: boolean;
  dailyCutLimit: number;
  totalLimit?: number | null;
  window: [Dayjs, Dayjs];
};

const listKey = ['admin-bargain-offers'] as const;
const STATUS_COLOR = { active: 'success', paused: 'warning', ended: 'default' } as const;

/** An offer's bargains, newest first: who started each, its price now and helpers, its state. */
function Bargains({ offer }: { offer: Offer }) {
  const { t } = useTranslation('bargain');
  const list = useQuery({
    queryKey: [...listKey, offer.id, 'bargains'],
    queryFn: () => api.get<Page<AdminBargain>>(`admin/bargain-offers/${encodeURIComponent(offer.id)}/bargains`, { page: 1, pageSize: 20 }),
  });
  const columns: ColumnsType<AdminBargain> = [
    { title: t('starter'), dataIndex: 'starterName' },
    { title: t('current'), dataIndex: 'currentPriceFen', render: (f: number) => yuan(f), width: 100 },
    { title: t('helpers'), key: 'helpers', render: (_, b) => t('helpersOf', { n: b.helpers, of: b.helpersNeeded }), width: 110 },
    { title: t('state'), dataIndex: 'state', render: (s: AdminBargain['state']) => t(`bargainState.${s}`), width: 90 },
    { title: t('startedAt'), dataIndex: 'startedAt', render: (at: string) => dateTime(at), width: 170 },
    { title: t('expiresAt'), dataIndex: 'expiresAt', render: (at: string) => dateTime(at), width: 170 },
  ];
  if (list.isError) return <LoadError query={list} />;
  return (
    <Table<AdminBargain>
      rowKey="id"
      size="small"
      loading={list.isLoading}
      dataSource={list.data?.items ?? []}
      columns={columns}
      pagination={false}
      data-testid="bargain-list"
    />
  );
}

function Detail({ offer }: { offer: Offer }) {
  const { t } = useTranslation('bargain');
  const r = offer.results;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Descriptions size="small" column={4} data-testid="bargain-results">
        <Descriptions.Item label={t('bargains')}>{r.bargains}</Descriptions.Item>
        <Descriptions.Item label={t('reachedFloor')}>{r.reachedFloor}</Descriptions.Item>
        <Descriptions.Item label={t('bought')}>{r.bought}</Descriptions.Item>
        <Descriptions.Item label={t('cuts')}>{r.cuts}</Descriptions.Item>
        <Descriptions.Item label={t('newResidents')}>{r.newResidents}</Descriptions.Item>
        <Descriptions.Item label={t('orders')}>{r.orders}</Descriptions.Item>
        <Descriptions.Item label={t('costFen')}>{yuan(r.costFen)}</Descriptions.Item>
      </Descriptions>
      <Bargains offer={offer} />
    </Space>
  );
}

/** The create form: a line of an open campaign, its floor and helpers, a bargain's time, the abuse limits. */
function CreateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation(['bargain', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<CreateValues>();
  const campaignId = Form.useWatch('campaignId', form);
  const campaigns = useQuery({
    queryKey: [...listKey, 'campaigns'],
    queryFn: () => api.get<Page<Summary>>('admin/campaigns', { status: 'open', page: 1, pageSize: 100 }),
    enabled: open,
  });
  const campaign = useQuery({
    queryKey: [...listKey, 'campaign', campaignId],
    queryFn: () => api.get<Campaign>(`admin/campaigns/${encodeURIComponent(campaignId)}`),
    enabled: open && !!campaignId,
  });
  const create = useMutation({
    mutationFn: (v: CreateValues) =>
      api.post<Offer>('admin/bargain-offers', {
        campaignLineId: v.campaignLineId,
        title: v.title,
        floorFen: yuanToFen(v.floorYuan),
        helpersNeeded: v.helpersNeeded,
        durationMinutes: v.durationMinutes,
        newcomerOnly: v.newcomerOnly,
        dailyCutLimit: v.dailyCutLimit,
        totalLimit: v.totalLimit ?? null,
        startsAt: v.window[0].toISOString(),
        endsAt: v.window[1].toISOString(),
      }),
    onSuccess: () => {
      void message.success(t('created'));
      form.resetFields();
      onClose();
      void client.invalidateQueries({ queryKey: listKey });
    },
    onError: (err) => void message.error(errorText(t, err)),
  });
  return (
    <Modal
      open={open}
      title={t('new')}
      width={640}
      okText={t('create')}
      cancelText={t('common:cancel')}
      confirmLoading={create.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      forceRender
    >
      <Form<CreateValues>
        form={form}
        layout="vertical"
        initialValues={{ helpersNeeded: 5, durationMinutes: 24 * 60, newcomerOnly: false, dailyCutLimit: 3 }}
        onFinish={(v) => create.mutate(v)}
        data-testid="bargain-form"
      >
        <Form.Item name="title" label={t('offerTitle')} rules={[{ required: true, max: 60 }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="campaignId" label={t('campaign')} rules={[{ required: true }]}>
            <Select
              style={{ width: 240 }}
              loading={campaigns.isLoading}
              options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.title} (${c.pickupDate})` }))}
              onChange={() => form.setFieldValue('campaignLineId', undefined)}
            />
          </Form.Item>
          <Form.Item name="campaignLineId" label={t('line')} rules={[{ required: true }]}>
            <Select
              style={{ width: 240 }}
              loading={campaign.isLoading}
              options={(campaign.data?.lines ?? []).map((l) => ({
                value: l.id,
                label: `${l.productName} ${l.spec} ${yuan(l.groupPriceFen)}`,
              }))}
            />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="floorYuan" label={t('floor')} rules={[{ required: true }]}>
            <InputNumber min={0} precision={2} />
          </Form.Item>
          <Form.Item name="helpersNeeded" label={t('helpers')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100} precision={0} />
          </Form.Item>
          <Form.Item name="durationMinutes" label={t('duration')} rules={[{ required: true }]}>
            <InputNumber min={10} max={7 * 24 * 60} precision={0} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="dailyCutLimit" label={t('dailyCutLimit')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100} precision={0} />
          </Form.Item>
          <Form.Item name="totalLimit" label={t('totalLimit')} extra={t('totalLimitHint')}>
            <InputNumber min={1} precision={0} />
          </Form.Item>
          <Form.Item name="newcomerOnly" label={t('newcomerOnly')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item name="window" label={t('window')} rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 砍价 for staff: the offers with their price, floor, helpers and results (started, at floor,
 * bought, cuts, new residents, orders and marketing cost); opened, their bargains. Merchandisers
 * set one up, pause, resume or end it.
 */
export default function BargainPage() {
  const { t } = useTranslation(['bargain', 'common']);
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const can = useCan();
  const manage = can('bargain.manage');
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: listKey, queryFn: () => api.get<z.infer<typeof bargain.BargainOffers>>('admin/bargain-offers') });
  const status = useMutation({
    mutationFn: ({ id, to }: { id: string; to: Offer['status'] }) =>
      api.post<Offer>(`admin/bargain-offers/${encodeURIComponent(id)}/status`, { status: to }),
    onSuccess: () => {
      void message.success(t('changed'));
      void client.invalidateQueries({ queryKey: listKey });
    },
    onError: (err) => void message.error(errorText(t, err)),
  });
  const columns: ColumnsType<Offer> = [
    { title: t('offerTitle'), dataIndex: 'title' },
    { title: t('price'), key: 'price', render: (_, o) => `${yuan(o.priceFen)} → ${yuan(o.floorFen)}`, width: 150 },
    { title: t('helpers'), dataIndex: 'helpersNeeded', width: 90 },
    {
      title: t('state'),
      dataIndex: 'status',
      width: 90,
      render: (s: Offer['status']) => (
        <Tag color={STATUS_COLOR[s]} data-testid="bargain-status">
          {t(`status.${s}`)}
        </Tag>
      ),
    },
    { title: t('bargains'), key: 'bargains', render: (_, o) => o.results.bargains, width: 80 },
    { title: t('bought'), key: 'bought', render: (_, o) => o.results.bought, width: 80 },
    { title: t('newResidents'), key: 'new', render: (_, o) => o.results.newResidents, width: 90 },
    { title: t('costFen'), key: 'cost', render: (_, o) => yuan(o.results.costFen), width: 110 },
    ...(manage
      ? [
          {
            title: t('actions'),
            key: 'actions',
            width: 170,
            render: (_: unknown, o: Offer) =>
              o.status === 'ended' ? null : (
                <Space>
                  <Button
                    size="small"
                    onClick={() => status.mutate({ id: o.id, to: o.status === 'active' ? 'paused' : 'active' })}
                    data-testid="bargain-toggle"
                  >
                    {o.status === 'active' ? t('pause') : t('resume')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={() =>
                      void modal.confirm({
                        title: t('end'),
                        content: t('endConfirm', { name: o.title }),
                        okText: t('end'),
                        cancelText: t('common:cancel'),
                        onOk: () => status.mutateAsync({ id: o.id, to: 'ended' }),
                      })
                    }
                  >
                    {t('end')}
                  </Button>
                </Space>
              ),
          },
        ]
      : []),
  ];
  return (
    <>
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('hint')}</Typography.Paragraph>
      {manage && (
        <Button type="primary" style={{ marginBottom: 16 }} onClick={() => setCreating(true)} data-testid="bargain-new">
          {t('new')}
        </Button>
      )}
      {list.isError ? (
        <LoadError query={list} />
      ) : (
        <Table<Offer>
          rowKey="id"
          size="middle"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          columns={columns}
          pagination={false}
          expandable={{ expandedRowRender: (o) => <Detail offer={o} /> }}
          locale={{ emptyText: t('none') }}
          data-testid="bargain-offers-table"
        />
      )}
      <CreateModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
