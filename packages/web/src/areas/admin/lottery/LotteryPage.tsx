import type * as lottery from '@linli/contracts/lottery';
import type * as promotions from '@linli/contracts/promotions';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { dateTime, yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { useCan } from '../permissions.ts';
import './locales.ts';

type Lottery = z.infer<typeof lottery.LotteryWithResults>;
type Prize = z.infer<typeof lottery.Prize>;
type AdminDraw = z.infer<typeof lottery.AdminDraw>;
type Audit = z.infer<typeof lottery.DrawAudit>;
type Promotion = z.infer<typeof promotions.PromotionWithResults>;
type PrizeValues = {
  kind: Prize['kind'];
  title: string;
  couponTemplateId?: string;
  points?: number;
  weightBp: number;
  stock?: number | null;
};
type CreateValues = {
  name: string;
  window: [Dayjs, Dayjs];
  pointsPerDraw: number;
  signInDraws: number;
  dailyLimit?: number | null;
  prizes: PrizeValues[];
};

const listKey = ['admin-lotteries'] as const;
const STATUS_COLOR = { active: 'success', paused: 'warning', ended: 'default' } as const;

/** A lottery's draws, newest first, each with an audit that recomputes it from its recorded value. */
function Draws({ item }: { item: Lottery }) {
  const { t } = useTranslation('lottery');
  const { message } = App.useApp();
  const draws = useQuery({
    queryKey: [...listKey, item.id, 'draws'],
    queryFn: () => api.get<Page<AdminDraw>>(`admin/lotteries/${encodeURIComponent(item.id)}/draws`, { page: 1, pageSize: 20 }),
  });
  const audit = useMutation({
    mutationFn: (id: string) => api.get<Audit>(`admin/lottery-draws/${encodeURIComponent(id)}/audit`),
    onSuccess: (a) =>
      a.consistent ? void message.success(t('auditOk', { value: a.randomValue, slot: a.slot })) : void message.error(t('auditBad')),
    onError: (err) => void message.error(errorText(t, err)),
  });
  const columns: ColumnsType<AdminDraw> = [
    { title: t('at'), dataIndex: 'at', render: (at: string) => dateTime(at), width: 170 },
    { title: t('resident'), dataIndex: 'residentId' },
    {
      title: t('prize'),
      key: 'prize',
      render: (_, d) => (
        <Space size={4}>
          <span>{d.prize.title}</span>
          {d.fellBack && <Tag color="warning">{t('fellBack')}</Tag>}
        </Space>
      ),
    },
    { title: t('cost'), dataIndex: 'paidWith', render: (p: AdminDraw['paidWith']) => t(`paidWith.${p}`), width: 120 },
    {
      title: t('audit'),
      key: 'audit',
      width: 90,
      render: (_, d) => (
        <Button
          size="small"
          loading={audit.isPending && audit.variables === d.id}
          onClick={() => audit.mutate(d.id)}
          data-testid="draw-audit"
        >
          {t('audit')}
        </Button>
      ),
    },
  ];
  if (draws.isError) return <LoadError query={draws} />;
  return (
    <Table<AdminDraw>
      rowKey="id"
      size="small"
      loading={draws.isLoading}
      dataSource={draws.data?.items ?? []}
      columns={columns}
      pagination={false}
      data-testid="lottery-draws"
    />
  );
}

/** A lottery opened: its odds table with stock, its results, its recent draws. */
function Detail({ item }: { item: Lottery }) {
  const { t } = useTranslation('lottery');
  const r = item.results;
  const prizeColumns: ColumnsType<Prize> = [
    { title: t('prizeTitle'), dataIndex: 'title' },
    { title: t('prizeKind'), dataIndex: 'kind', render: (k: Prize['kind']) => t(`kinds.${k}`), width: 120 },
    { title: t('probability'), dataIndex: 'probability', width: 100 },
    { title: t('stock'), dataIndex: 'stock', render: (s: number | null) => s ?? t('unlimited'), width: 90 },
    { title: t('drawn'), dataIndex: 'drawn', width: 90 },
    { title: t('left'), dataIndex: 'left', render: (l: number | null) => l ?? t('unlimited'), width: 90 },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Descriptions size="small" column={5} data-testid="lottery-results">
        <Descriptions.Item label={t('draws')}>{r.draws}</Descriptions.Item>
        <Descriptions.Item label={t('entrants')}>{r.entrants}</Descriptions.Item>
        <Descriptions.Item label={t('newResidents')}>{r.newResidents}</Descriptions.Item>
        <Descriptions.Item label={t('pointsSpent')}>{r.pointsSpent}</Descriptions.Item>
        <Descriptions.Item label={t('pointsGiven')}>{r.pointsGiven}</Descriptions.Item>
        <Descriptions.Item label={t('couponsUsed')}>
          {r.couponsUsed} / {r.couponsIssued}
        </Descriptions.Item>
        <Descriptions.Item label={t('orders')}>{r.orders}</Descriptions.Item>
        <Descriptions.Item label={t('costFen')}>{yuan(r.costFen)}</Descriptions.Item>
        <Descriptions.Item label={t('ordersFen')}>{yuan(r.ordersFen)}</Descriptions.Item>
      </Descriptions>
      <Table<Prize>
        rowKey="id"
        size="small"
        dataSource={item.prizes}
        columns={prizeColumns}
        pagination={false}
        data-testid="lottery-prizes"
      />
      <Typography.Text strong>{t('recentDraws')}</Typography.Text>
      <Draws item={item} />
    </Space>
  );
}

/** The create form: the lottery's window and cost, and its odds table in wheel order (the weights shown summed as they are typed). */
function CreateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation(['lottery', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<CreateValues>();
  const prizes = Form.useWatch('prizes', form) ?? [];
  const sum = prizes.reduce((s, p) => s + (Number(p?.weightBp) || 0), 0);
  const templates = useQuery({
    queryKey: [...listKey, 'templates'],
    queryFn: async () =>
      (await api.get<Page<Promotion>>('admin/promotions', { page: 1, pageSize: 200 })).items.filter(
        (p) => p.trigger === 'coupon' && p.status === 'active',
      ),
    enabled: open,
  });
  const create = useMutation({
    mutationFn: (v: CreateValues) =>
      api.post<Lottery>('admin/lotteries', {
        name: v.name,
        startsAt: v.window[0].toISOString(),
        endsAt: v.window[1].toISOString(),
        pointsPerDraw: v.pointsPerDraw,
        signInDraws: v.signInDraws,
        dailyLimit: v.dailyLimit ?? null,
        prizes: v.prizes.map((p) => ({
          kind: p.kind,
          title: p.title,
          weightBp: p.weightBp,
          stock: p.kind === 'none' ? null : (p.stock ?? null),
          ...(p.kind === 'coupon' || p.kind === 'item' ? { couponTemplateId: p.couponTemplateId } : {}),
          ...(p.kind === 'points' ? { points: p.points } : {}),
        })),
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
      width={860}
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
        initialValues={{
          pointsPerDraw: 10,
          signInDraws: 1,
          prizes: [{ kind: 'none', title: t('kinds.none'), weightBp: 10_000 }],
        }}
        onFinish={(v) => create.mutate(v)}
        data-testid="lottery-form"
      >
        <Form.Item name="name" label={t('name')} rules={[{ required: true, max: 60 }]}>
          <Input maxLength={60} data-testid="lottery-name" />
        </Form.Item>
        <Form.Item name="window" label={t('window')} rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="lottery-window" />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="pointsPerDraw" label={t('pointsPerDraw')} extra={t('pointsPerDrawHint')} rules={[{ required: true }]}>
            <InputNumber min={0} max={100_000} precision={0} data-testid="lottery-cost" />
          </Form.Item>
          <Form.Item name="signInDraws" label={t('signInDraws')} rules={[{ required: true }]}>
            <InputNumber min={0} max={10} precision={0} />
          </Form.Item>
          <Form.Item name="dailyLimit" label={t('dailyLimit')} extra={t('dailyLimitHint')}>
            <InputNumber min={1} max={1000} precision={0} />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary">{t('prizesHint')}</Typography.Paragraph>
        <Form.List name="prizes">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => {
                const kind = prizes[field.name]?.kind;
                return (
                  <Space key={field.key} align="start" wrap data-testid="lottery-prize-row">
                    <Form.Item name={[field.name, 'kind']} label={t('prizeKind')} rules={[{ required: true }]}>
                      <Select
                        style={{ width: 130 }}
                        options={(['coupon', 'item', 'points', 'none'] as const).map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'title']} label={t('prizeTitle')} rules={[{ required: true, max: 40 }]}>
                      <Input maxLength={40} style={{ width: 150 }} />
                    </Form.Item>
                    {(kind === 'coupon' || kind === 'item') && (
                      <Form.Item name={[field.name, 'couponTemplateId']} label={t('template')} rules={[{ required: true }]}>
                        <Select
                          style={{ width: 180 }}
                          loading={templates.isLoading}
                          options={(templates.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
                        />
                      </Form.Item>
                    )}
                    {kind === 'points' && (
                      <Form.Item name={[field.name, 'points']} label={t('points')} rules={[{ required: true }]}>
                        <InputNumber min={1} max={100_000} precision={0} />
                      </Form.Item>
                    )}
                    <Form.Item name={[field.name, 'weightBp']} label={t('weight')} rules={[{ required: true }]}>
                      <InputNumber min={0} max={10_000} precision={0} />
                    </Form.Item>
                    {kind !== 'none' && (
                      <Form.Item name={[field.name, 'stock']} label={t('stock')} extra={t('stockHint')}>
                        <InputNumber min={0} max={1_000_000} precision={0} />
                      </Form.Item>
                    )}
                    <Button style={{ marginTop: 30 }} onClick={() => remove(field.name)} disabled={fields.length <= 1}>
                      −
                    </Button>
                  </Space>
                );
              })}
              <Space>
                <Button onClick={() => add({ kind: 'coupon', weightBp: 0 }, 0)} data-testid="lottery-add-prize">
                  {t('addPrize')}
                </Button>
                <Typography.Text type={sum === 10_000 ? 'success' : 'danger'} data-testid="lottery-weights-sum">
                  {t('weightsSum', { sum })}
                </Typography.Text>
              </Space>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

/**
 * 抽奖 for staff: the lotteries with their cost, state and results (draws, entrants, new
 * residents, coupons used, the orders they brought and their marketing cost); opened, the odds
 * table with stock and the recent draws, each auditable. Merchandisers set one up, pause, resume
 * or end it.
 */
export default function LotteryPage() {
  const { t } = useTranslation(['lottery', 'common']);
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const can = useCan();
  const manage = can('lottery.manage');
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: listKey, queryFn: () => api.get<z.infer<typeof lottery.Lotteries>>('admin/lotteries') });
  const status = useMutation({
    mutationFn: ({ id, to }: { id: string; to: Lottery['status'] }) =>
      api.post<Lottery>(`admin/lotteries/${encodeURIComponent(id)}/status`, { status: to }),
    onSuccess: () => {
      void message.success(t('changed'));
      void client.invalidateQueries({ queryKey: listKey });
    },
    onError: (err) => void message.error(errorText(t, err)),
  });
  const columns: ColumnsType<Lottery> = [
    { title: t('name'), dataIndex: 'name' },
    { title: t('window'), key: 'window', render: (_, l) => `${dateTime(l.startsAt)} – ${dateTime(l.endsAt)}`, width: 300 },
    {
      title: t('cost'),
      dataIndex: 'pointsPerDraw',
      render: (p: number) => (p > 0 ? t('costPoints', { points: p }) : t('free')),
      width: 130,
    },
    {
      title: t('state'),
      dataIndex: 'status',
      width: 90,
      render: (s: Lottery['status']) => (
        <Tag color={STATUS_COLOR[s]} data-testid="lottery-status">
          {t(`status.${s}`)}
        </Tag>
      ),
    },
    { title: t('draws'), key: 'draws', render: (_, l) => l.results.draws, width: 90 },
    { title: t('newResidents'), key: 'new', render: (_, l) => l.results.newResidents, width: 90 },
    { title: t('orders'), key: 'orders', render: (_, l) => l.results.orders, width: 90 },
    { title: t('costFen'), key: 'cost', render: (_, l) => yuan(l.results.costFen), width: 110 },
    ...(manage
      ? [
          {
            title: t('actions'),
            key: 'actions',
            width: 170,
            render: (_: unknown, l: Lottery) =>
              l.status === 'ended' ? null : (
                <Space>
                  <Button
                    size="small"
                    onClick={() => status.mutate({ id: l.id, to: l.status === 'active' ? 'paused' : 'active' })}
                    data-testid="lottery-toggle"
                  >
                    {l.status === 'active' ? t('pause') : t('resume')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={() =>
                      void modal.confirm({
                        title: t('end'),
                        content: t('endConfirm', { name: l.name }),
                        okText: t('end'),
                        cancelText: t('common:cancel'),
                        onOk: () => status.mutateAsync({ id: l.id, to: 'ended' }),
                      })
                    }
                    data-testid="lottery-end"
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
        <Button type="primary" style={{ marginBottom: 16 }} onClick={() => setCreating(true)} data-testid="lottery-new">
          {t('new')}
        </Button>
      )}
      {list.isError ? (
        <LoadError query={list} />
      ) : (
        <Table<Lottery>
          rowKey="id"
          size="middle"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          columns={columns}
          pagination={false}
          expandable={{ expandedRowRender: (l) => <Detail item={l} /> }}
          locale={{ emptyText: t('none') }}
          data-testid="lotteries-table"
        />
      )}
      <CreateModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
