import * as invites from '@linli/contracts/invites';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Select, Skeleton, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { dateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { zodRule } from '../../../common/validation.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { TabbedPage } from '../../../desktop/TabbedPage.tsx';
import { api } from '../api.ts';
import { useCan } from '../permissions.ts';
import './locales.ts';

type Invite = z.infer<typeof invites.AdminInvite>;
type Status = Invite['status'];
type Settings = z.infer<typeof invites.InviteSettingsView>;

const statusColor: Record<Status, string> = {
  registered: 'default',
  held: 'warning',
  rewarded: 'success',
  refused: 'default',
  rejected: 'error',
};
const fields = invites.InviteSettings.shape;

/** 邀请有礼 for staff: the review queue, every invite with its state, and the reward's settings. */
export default function InvitesPage() {
  const { t } = useTranslation('invites');
  return (
    <TabbedPage
      title={t('title')}
      label={(k) => t(`tabs.${k}`)}
      tabs={{ queue: <InviteTable status="held" />, all: <InviteTable />, settings: <SettingsForm /> }}
    />
  );
}

function InviteTable({ status: fixed }: { status?: Status }) {
  const { t } = useTranslation(['invites', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [status, setStatus] = useState<Status | undefined>(fixed);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [rejecting, setRejecting] = useState<Invite | null>(null);
  const [reason, setReason] = useState('');
  const list = useQuery({
    queryKey: ['admin-invites', status, paging],
    queryFn: () => api.get<Page<Invite>>('admin/invites', { status, ...paging }),
  });
  const decide = useMutation({
    mutationFn: (d: { id: string; approve: boolean; reason?: string }) =>
      d.approve
        ? api.post<Invite>(`admin/invites/${d.id}/approve`, {})
        : api.post<Invite>(`admin/invites/${d.id}/reject`, { reason: d.reason }),
    onSuccess: (invite) => {
      void message.success(invite.status === 'rewarded' ? t('approved') : t('rejected'));
      setRejecting(null);
      setReason('');
      void client.invalidateQueries({ queryKey: ['admin-invites'] });
    },
    onError: (err) => void message.error(errorText(t, err)),
  });
  const columns: ColumnsType<Invite> = [
    { title: t('inviter'), dataIndex: 'inviterPhone' },
    { title: t('invitee'), dataIndex: 'inviteePhone' },
    { title: t('registeredAt'), dataIndex: 'registeredAt', render: (v: string) => dateTime(v), width: 160 },
    { title: t('pickedUpAt'), dataIndex: 'firstPickedUpAt', render: (v: string | null) => (v ? dateTime(v) : '—'), width: 160 },
    {
      title: t('status'),
      dataIndex: 'status',
      render: (s: Status) => (
        <Tag color={statusColor[s]} data-testid="invite-status">
          {t(`statuses.${s}`)}
        </Tag>
      ),
    },
    {
      title: t('flags'),
      dataIndex: 'flags',
      render: (flags: Invite['flags']) => (flags.length ? flags.map((f) => <Tag key={f}>{t(`flagNames.${f}`)}</Tag>) : '—'),
    },
    {
      title: t('reward'),
      dataIndex: 'rewardPoints',
      render: (p: number | null, i) => (p === null ? '—' : `${t('points', { points: p })}${i.rewardCouponId ? ` ${t('withCoupon')}` : ''}`),
    },
    {
      title: t('decision'),
      key: 'decision',
      render: (_, i) =>
        i.status === 'held' ? (
          <Space>
            <Button
              size="small"
              type="primary"
              loading={decide.isPending}
              onClick={() => decide.mutate({ id: i.id, approve: true })}
              data-testid="invite-approve"
            >
              {t('approve')}
            </Button>
            <Button size="small" danger onClick={() => setRejecting(i)} data-testid="invite-reject">
              {t('reject')}
            </Button>
          </Space>
        ) : i.decidedAt ? (
          <Typography.Text type="secondary">
            {i.decisionNote ? `${i.decisionNote} · ` : ''}
            {t('decidedBy', { who: i.decidedBy, at: dateTime(i.decidedAt) })}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <>
      {fixed === 'held' ? (
        <Typography.Paragraph type="secondary">{t('queueHint')}</Typography.Paragraph>
      ) : (
        <Select<Status>
          allowClear
          placeholder={t('statusFilter')}
          style={{ width: 180, marginBottom: 16 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPaging((p) => ({ ...p, page: 1 }));
          }}
          options={invites.InviteStatus.options.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
        />
      )}
      {list.isError ? (
        <LoadError query={list} />
      ) : (
        <Table<Invite>
          rowKey="id"
          size="middle"
          loading={list.isPending}
          columns={columns}
          dataSource={list.data?.items ?? []}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: list.data?.total ?? 0,
            onChange: (page, pageSize) => setPaging({ page, pageSize }),
          }}
        />
      )}
      <Modal
        open={rejecting !== null}
        title={t('rejectTitle')}
        onCancel={() => setRejecting(null)}
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: decide.isPending, 'data-testid': 'invite-reject-confirm' }}
        onOk={() => rejecting && decide.mutate({ id: rejecting.id, approve: false, reason: reason.trim() })}
      >
        <Input.TextArea
          value={reason}
          maxLength={200}
          placeholder={t('reason')}
          onChange={(e) => setReason(e.target.value)}
          data-testid="invite-reject-reason"
        />
      </Modal>
    </>
  );
}

function SettingsForm() {
  const { t } = useTranslation(['invites', 'common']);
  const canSave = useCan()('invites.saveSettings');
  const { message } = App.useApp();
  const client = useQueryClient();
  const settings = useQuery({ queryKey: ['admin-invite-settings'], queryFn: () => api.get<Settings>('admin/invite-settings') });
  const save = useMutation({
    mutationFn: (v: Partial<Settings>) => api.patch<Settings>('admin/invite-settings', v),
    onSuccess: (s) => {
      client.setQueryData(['admin-invite-settings'], s);
      void message.success(t('common:saved'));
    },
  });
  if (settings.isPending) return <Skeleton active />;
  if (settings.isError) return <LoadError query={settings} />;
  const { updatedAt: _, updatedBy: __, ...initial } = settings.data;
  const number = (name: Exclude<keyof typeof fields, 'enabled' | 'rewardCouponTemplateId'>, label: string, extra?: string) => (
    <Form.Item name={name} label={t(label)} extra={extra ? t(extra) : undefined} rules={[zodRule(fields[name], t)]}>
      <InputNumber precision={0} style={{ width: 160 }} data-testid={`invite-setting-${name}`} />
    </Form.Item>
  );
  return (
    <Card title={t('settings.title')} style={{ maxWidth: 640 }}>
      <Form layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="enabled" label={t('settings.enabled')} extra={t('settings.enabledHelp')} valuePropName="checked">
          <Switch data-testid="invite-setting-enabled" />
        </Form.Item>
        {number('rewardPoints', 'settings.rewardPoints')}
        {number('inviterDailyLimit', 'settings.inviterDailyLimit', 'settings.limitHelp')}
        {number('operatorDailyCap', 'settings.operatorDailyCap', 'settings.limitHelp')}
        {number('clusterDeviceThreshold', 'settings.clusterDeviceThreshold', 'settings.clusterHelp')}
        {number('clusterPointThreshold', 'settings.clusterPointThreshold', 'settings.clusterHelp')}
        {number('clusterWindowMinutes', 'settings.clusterWindowMinutes')}
        <Form.Item
          name="rewardCouponTemplateId"
          label={t('settings.rewardCouponTemplateId')}
          extra={t('settings.rewardCouponHelp')}
          normalize={(v: string) => (v?.trim() ? v.trim() : null)}
        >
          <Input allowClear style={{ width: 320 }} data-testid="invite-setting-coupon" />
        </Form.Item>
        {save.isError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={errorText(t, save.error)} />}
        {canSave ? (
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="invite-settings-save">
            {t('common:save')}
          </Button>
        ) : (
          <Alert type="info" showIcon title={t('settings.adminOnly')} />
        )}
      </Form>
    </Card>
  );
}
