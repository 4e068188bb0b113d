import * as feedback from '@linli/contracts/feedback';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Radio, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { shortDateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { TabbedPage } from '../../../desktop/TabbedPage.tsx';
import { api } from '../api.ts';
import './locales.ts';

type Complaint = z.infer<typeof feedback.AdminComplaint>;
type LeaderRates = z.infer<typeof feedback.LeaderRates>;
type Status = NonNullable<z.infer<typeof feedback.ComplaintQuery>['status']>;
type Target = z.infer<typeof feedback.ComplaintTargetKind>;

type Outcome = NonNullable<Complaint['outcome']>;

const stateColor: Record<Complaint['state'], string> = { open: 'red', assigned: 'processing', resolved: 'success', appealed: 'orange' };

/** A share as a percentage with one decimal. */
export const percent = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/** The residents' voice for staff: the complaints queue (take, resolve with a reason) and each leader's rates. */
export default function ComplaintsPage() {
  const { t } = useTranslation('feedback');
  return <TabbedPage title={t('title')} tabs={{ queue: <QueueTab />, leaders: <LeaderRatesTab /> }} label={(k) => t(`tabs.${k}`)} />;
}

function LeaderCell({ c }: { c: Complaint }) {
  const { t } = useTranslation('feedback');
  const r = c.leaderRates;
  return (
    <Space orientation="vertical" size={0}>
      <span>{c.leaderName}</span>
      <Typography.Text type={r?.complaintRate ? 'danger' : 'secondary'} data-testid="leader-complaint-rate">
        {r && r.pickedUpOrders > 0
          ? t('leaderRate', { rate: percent(r.complaintRate), complaints: r.complaints, orders: r.pickedUpOrders })
          : t('noRate')}
      </Typography.Text>
    </Space>
  );
}

function QueueTab() {
  const { t } = useTranslation(['feedback', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [status, setStatus] = useState<Status | undefined>('unresolved');
  const [target, setTarget] = useState<Target | undefined>();
  const [page, setPage] = useState(1);
  const [resolving, setResolving] = useState<Complaint | null>(null);
  const [form] = Form.useForm<{ resolution: string; outcome: Outcome }>();
  const query = new URLSearchParams({ page: String(page), pageSize: '20' });
  if (status) query.set('status', status);
  if (target) query.set('target', target);
  const list = useQuery({
    queryKey: ['admin-complaints', status, target, page],
    queryFn: async () => feedback.AdminComplaintPage.parse(await api.get(`admin/complaints?${query}`)),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['admin-complaints'] });
  const assign = useMutation({
    mutationFn: (id: string) => api.post(`admin/complaints/${id}/assign`, {}),
    onSuccess: () => {
      void message.success(t('assigned'));
      void refresh();
    },
    onError: (err) => void message.error(errorText(t, err)),
  });
  const resolve = useMutation({
    mutationFn: (v: { id: string; resolution: string; outcome: Outcome }) =>
      api.post(`admin/complaints/${v.id}/resolve`, { resolution: v.resolution, outcome: v.outcome }),
    onSuccess: () => {
      void message.success(t('resolved'));
      setResolving(null);
      form.resetFields();
      void refresh();
      void client.invalidateQueries({ queryKey: ['admin-leader-rates'] });
    },
    onError: (err) => void message.error(errorText(t, err)),
  });
  const columns: ColumnsType<Complaint> = [
    { title: t('columns.created'), dataIndex: 'createdAt', render: (v: string) => shortDateTime(v), width: 120 },
    { title: t('columns.order'), dataIndex: 'orderNo', width: 150 },
    {
      title: t('columns.target'),
      key: 'target',
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <Tag>{t(`targets.${c.target}`)}</Tag>
          <span>{c.targetName}</span>
        </Space>
      ),
    },
    {
      title: t('columns.description'),
      key: 'description',
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <span>{c.description}</span>
          {c.appealReason && c.state === 'appealed' && (
            <Typography.Text type="warning">{t('appealReason', { reason: c.appealReason })}</Typography.Text>
          )}
          {c.resolution && (
            <Typography.Text type="secondary" data-testid="complaint-last-resolution">
              {t('lastResolution', { resolution: c.resolution })}
              {c.outcome && ` · ${t(`outcomes.${c.outcome}`)}`}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('columns.state'),
      dataIndex: 'state',
      render: (s: Complaint['state']) => (
        <Tag color={stateColor[s]} data-testid="complaint-state" data-state={s}>
          {t(`statuses.${s}`)}
        </Tag>
      ),
    },
    { title: t('columns.leader'), key: 'leader', render: (_, c) => <LeaderCell c={c} /> },
    { title: t('columns.assignee'), dataIndex: 'assigneeName', render: (v: string | null) => v ?? '—' },
    {
      title: t('columns.actions'),
      key: 'actions',
      render: (_, c) =>
        c.state === 'resolved' ? null : (
          <Space>
            {c.state !== 'assigned' && (
              <Button size="small" onClick={() => assign.mutate(c.id)} data-testid="complaint-assign">
                {t('assign')}
              </Button>
            )}
            <Button size="small" type="primary" onClick={() => setResolving(c)} data-testid="complaint-resolve">
              {t('resolve')}
            </Button>
          </Space>
        ),
    },
  ];
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          style={{ width: 140 }}
          value={status ?? 'all'}
          onChange={(v) => {
            setStatus(v === 'all' ? undefined : (v as Status));
            setPage(1);
          }}
          options={[
            { value: 'all', label: `${t('filters.status')}: ${t('filters.all')}` },
            ...(['unresolved', 'open', 'assigned', 'appealed', 'resolved'] as const).map((s) => ({ value: s, label: t(`statuses.${s}`) })),
          ]}
          data-testid="complaint-status-filter"
        />
        <Select
          style={{ width: 140 }}
          value={target ?? 'all'}
          onChange={(v) => {
            setTarget(v === 'all' ? undefined : (v as Target));
            setPage(1);
          }}
          options={[
            { value: 'all', label: `${t('filters.target')}: ${t('filters.all')}` },
            ...(['leader', 'supplier', 'driver'] as const).map((k) => ({ value: k, label: t(`targets.${k}`) })),
          ]}
        />
      </Space>
      <LoadError query={list} />
      {!list.isError && (
        <Table
          rowKey="id"
          size="small"
          loading={list.isLoading}
          columns={columns}
          dataSource={list.data?.items ?? []}
          onRow={(c) => ({ 'data-testid': 'complaint-row', 'data-complaint-id': c.id }) as HTMLAttributes<HTMLElement>}
          expandable={{
            expandedRowRender: (c) => (
              <Timeline
                items={c.steps.map((s) => ({
                  children: `${shortDateTime(s.at)} ${t(`stepNames.${s.step}`)}${s.note ? `：${s.note}` : ''}`,
                }))}
              />
            ),
          }}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        />
      )}
      <Modal
        open={resolving !== null}
        title={t('resolveTitle')}
        onCancel={() => setResolving(null)}
        onOk={() => form.submit()}
        confirmLoading={resolve.isPending}
        okButtonProps={{ 'data-testid': 'resolve-submit' }}
        destroyOnHidden
      >
        {resolving && <Typography.Paragraph type="secondary">{resolving.description}</Typography.Paragraph>}
        <Form
          form={form}
          layout="vertical"
          initialValues={{ outcome: 'upheld' }}
          onFinish={(v) => resolving && resolve.mutate({ id: resolving.id, resolution: v.resolution, outcome: v.outcome })}
        >
          <Form.Item name="resolution" label={t('resolution')} rules={[{ required: true, min: 2, message: t('resolutionRequired') }]}>
            <Input.TextArea rows={3} maxLength={500} data-testid="resolution-input" />
          </Form.Item>
          <Form.Item name="outcome" label={t('outcome')} extra={t('outcomeHelp')}>
            <Radio.Group data-testid="resolution-outcome">
              <Radio value="upheld">{t('outcomes.upheld')}</Radio>
              <Radio value="dismissed" data-testid="resolution-dismissed">
                {t('outcomes.dismissed')}
              </Radio>
            </Radio.Group>
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function LeaderRatesTab() {
  const { t } = useTranslation('feedback');
  const rates = useQuery({
    queryKey: ['admin-leader-rates'],
    queryFn: async () => feedback.LeaderRatesList.parse(await api.get('admin/leader-feedback-rates')),
  });
  const columns: ColumnsType<LeaderRates> = [
    { title: t('rates.leader'), dataIndex: 'leaderName' },
    { title: t('rates.orders'), dataIndex: 'pickedUpOrders', align: 'right' },
    { title: t('rates.complaints'), dataIndex: 'complaints', align: 'right' },
    {
      title: t('rates.complaintRate'),
      dataIndex: 'complaintRate',
      align: 'right',
      render: (v: number | null) => <span data-testid="rate-complaint">{percent(v)}</span>,
    },
    { title: t('rates.ratings'), dataIndex: 'ratings', align: 'right' },
    { title: t('rates.ratingRate'), dataIndex: 'ratingRate', align: 'right', render: (v: number | null) => percent(v) },
    { title: t('rates.service'), dataIndex: 'avgServiceScore', align: 'right', render: (v: number | null) => v?.toFixed(2) ?? '—' },
  ];
  return (
    <>
      <LoadError query={rates} />
      {rates.data && (
        <Typography.Paragraph type="secondary">{t('rates.period', { from: rates.data.from, to: rates.data.to })}</Typography.Paragraph>
      )}
      <Table
        rowKey="leaderId"
        size="small"
        loading={rates.isLoading}
        columns={columns}
        dataSource={rates.data?.items ?? []}
        onRow={(r) => ({ 'data-testid': 'leader-rate-row', 'data-leader-id': r.leaderId }) as HTMLAttributes<HTMLElement>}
        pagination={{ pageSize: 50 }}
      />
    </>
  );
}
