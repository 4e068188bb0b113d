import type * as admin from '@linli/contracts/admin';
import * as teambuy from '@linli/contracts/teambuy';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Form, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
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

type Deal = z.infer<typeof teambuy.TeamDeal>;
type AdminTeam = z.infer<typeof teambuy.AdminTeam>;
type TeamState = AdminTeam['state'];

const stateColor: Record<TeamState, string> = { open: 'processing', formed: 'success', failed: 'error' };
const statusColor: Record<Deal['status'], string> = { active: 'success', paused: 'warning', ended: 'default' };

/** 拼团 for staff: every team buy with its P&L as a play, set-up, pause/end, and its teams live. */
export default function TeamBuyPage() {
  const { t } = useTranslation(['teambuy', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const can = useCan();
  const [creating, setCreating] = useState(false);
  const [watching, setWatching] = useState<Deal | null>(null);
  const deals = useQuery({
    queryKey: ['admin-team-deals'],
    queryFn: async () => teambuy.TeamDealList.parse(await api.get('admin/team-deals')).items,
    refetchInterval: 10_000,
  });
  const setStatus = useMutation({
    mutationFn: (d: { id: string; status: Deal['status'] }) => api.post(`admin/team-deals/${d.id}/status`, { status: d.status }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['admin-team-deals'] }),
    onError: (err) => void message.error(errorText(t, err)),
  });
  const columns: ColumnsType<Deal> = [
    {
      title: t('deal'),
      dataIndex: 'title',
      render: (v: string, d) => <Typography.Link onClick={() => setWatching(d)}>{v}</Typography.Link>,
    },
    { title: t('price'), key: 'price', render: (_, d) => `${yuan(d.teamPriceFen)} / ${yuan(d.groupPriceFen)}` },
    { title: t('terms'), key: 'terms', render: (_, d) => t('termsText', { size: d.teamSize, minutes: d.timeLimitMinutes }) },
    {
      title: t('rules'),
      key: 'rules',
      render: (_, d) => (
        <Space size={4} wrap>
          {d.openerNewcomerOnly && <Tag>{t('newcomersOnly')}</Tag>}
          {d.operatorMayFill && <Tag color="orange">{t('mayFill')}</Tag>}
          <Tag>{t(`policies.${d.extraPayerPolicy}`)}</Tag>
        </Space>
      ),
    },
    {
      title: t('teams'),
      key: 'teams',
      render: (_, d) => (
        <span data-testid="deal-teams">
          {t('teamCounts', { opened: d.teams.opened, open: d.teams.open, formed: d.teams.formed, failed: d.teams.failed })}
          {d.teams.filledTeams > 0 && ` · ${t('filledCounts', { teams: d.teams.filledTeams, slots: d.teams.filledSlots })}`}
        </span>
      ),
    },
    {
      title: t('pnl'),
      key: 'pnl',
      render: (_, d) => (
        <span data-testid="deal-pnl">
          {t('pnlText', {
            orders: d.report.orders,
            members: d.report.paidMembers,
            refunded: d.report.refundedOrders,
            cost: yuan(d.report.costFen),
            fresh: d.report.newResidents,
          })}
        </span>
      ),
    },
    { title: t('status'), dataIndex: 'status', render: (s: Deal['status']) => <Tag color={statusColor[s]}>{t(`statuses.${s}`)}</Tag> },
    {
      title: '',
      key: 'actions',
      render: (_, d) =>
        can('teambuy.manage') && d.status !== 'ended' ? (
          <Space>
            <Button
              size="small"
              onClick={() => setStatus.mutate({ id: d.id, status: d.status === 'active' ? 'paused' : 'active' })}
              data-testid="deal-pause"
            >
              {d.status === 'active' ? t('pause') : t('resume')}
            </Button>
            <Button
              size="small"
              danger
              data-testid="deal-end"
              onClick={() => Modal.confirm({ title: t('endConfirm'), onOk: () => setStatus.mutateAsync({ id: d.id, status: 'ended' }) })}
            >
              {t('end')}
            </Button>
          </Space>
        ) : null,
    },
  ];
  return (
    <div>
      <Space style={{ marginBottom: 16, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        {can('teambuy.manage') && (
          <Button type="primary" onClick={() => setCreating(true)} data-testid="team-deal-new">
            {t('create')}
          </Button>
        )}
      </Space>
      {deals.isError ? (
        <LoadError query={deals} />
      ) : (
        <Table
          rowKey="id"
          loading={deals.isLoading}
          dataSource={deals.data ?? []}
          columns={columns}
          pagination={false}
          data-testid="team-deals"
        />
      )}
      <CreateDeal open={creating} onClose={() => setCreating(false)} />
      <TeamsDrawer deal={watching} onClose={() => setWatching(null)} />
    </div>
  );
}

type CreateValues = {
  campaignId: string;
  campaignLineId: string;
  teamSize: number;
  timeLimitMinutes: number;
  teamPrice: number;
  openerNewcomerOnly: boolean;
  operatorMayFill: boolean;
  extraPayerPolicy: 'new_team' | 'refund';
};

function CreateDeal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation(['teambuy', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<CreateValues>();
  const campaignId = Form.useWatch('campaignId', form);
  const campaigns = useQuery({
    queryKey: ['admin-team-campaigns'],
    queryFn: () => api.get<Page<z.infer<typeof admin.CampaignSummary>>>('admin/campaigns', { status: 'open', pageSize: 100 }),
    enabled: open,
  });
  const campaign = useQuery({
    queryKey: ['admin-team-campaign', campaignId],
    queryFn: () => api.get<z.infer<typeof admin.Campaign>>(`admin/campaigns/${campaignId}`),
    enabled: open && Boolean(campaignId),
  });
  const create = useMutation({
    mutationFn: (v: CreateValues) =>
      api.post('admin/team-deals', {
        campaignLineId: v.campaignLineId,
        teamSize: v.teamSize,
        timeLimitMinutes: v.timeLimitMinutes,
        teamPriceFen: yuanToFen(v.teamPrice),
        openerNewcomerOnly: v.openerNewcomerOnly,
        operatorMayFill: v.operatorMayFill,
        extraPayerPolicy: v.extraPayerPolicy,
      }),
    onSuccess: () => {
      void message.success(t('created'));
      form.resetFields();
      onClose();
      void client.invalidateQueries({ queryKey: ['admin-team-deals'] });
    },
    onError: (err) => void message.error(errorText(t, err)),
  });
  return (
    <Modal open={open} title={t('create')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          teamSize: 2,
          timeLimitMinutes: 60,
          openerNewcomerOnly: false,
          operatorMayFill: false,
          extraPayerPolicy: 'new_team',
        }}
        onFinish={(v) => create.mutate(v)}
      >
        <Form.Item name="campaignId" label={t('campaign')} rules={[{ required: true, message: t('required') }]}>
          <Select
            loading={campaigns.isLoading}
            options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.title} · ${c.pickupDate}` }))}
            onChange={() => form.setFieldValue('campaignLineId', undefined)}
            data-testid="team-deal-campaign"
          />
        </Form.Item>
        <Form.Item name="campaignLineId" label={t('line')} rules={[{ required: true, message: t('required') }]}>
          <Select
            loading={campaign.isLoading}
            options={(campaign.data?.lines ?? []).map((l) => ({
              value: l.id,
              label: `${l.productName} ${l.spec} · ${yuan(l.groupPriceFen)}`,
            }))}
            data-testid="team-deal-line"
          />
        </Form.Item>
        <Space>
          <Form.Item name="teamSize" label={t('size')} rules={[{ required: true }]}>
            <InputNumber min={teambuy.CreateTeamDeal.shape.teamSize.minValue ?? 2} max={50} precision={0} />
          </Form.Item>
          <Form.Item name="timeLimitMinutes" label={t('minutes')} rules={[{ required: true }]}>
            <InputNumber min={5} max={10_080} precision={0} />
          </Form.Item>
          <Form.Item name="teamPrice" label={t('teamPrice')} rules={[{ required: true, message: t('required') }]}>
            <InputNumber min={0.01} precision={2} prefix="¥" data-testid="team-deal-price" />
          </Form.Item>
        </Space>
        <Form.Item name="openerNewcomerOnly" label={t('newcomersOnly')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="operatorMayFill" label={t('mayFill')} valuePropName="checked" extra={t('mayFillHint')}>
          <Switch />
        </Form.Item>
        <Form.Item name="extraPayerPolicy" label={t('policy')}>
          <Select options={(['new_team', 'refund'] as const).map((p) => ({ value: p, label: t(`policies.${p}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TeamsDrawer({ deal, onClose }: { deal: Deal | null; onClose: () => void }) {
  const { t } = useTranslation(['teambuy', 'common']);
  const [state, setState] = useState<TeamState | undefined>();
  const teams = useQuery({
    queryKey: ['admin-teams', deal?.id, state],
    queryFn: async () => teambuy.AdminTeamList.parse(await api.get(`admin/team-deals/${deal?.id}/teams`, { state })).items,
    enabled: deal !== null,
    // Live: teams form and fail while the drawer is open.
    refetchInterval: 5000,
  });
  const columns: ColumnsType<AdminTeam> = [
    { title: t('openedAt'), dataIndex: 'openedAt', render: (v: string) => dateTime(v), width: 160 },
    {
      title: t('state'),
      dataIndex: 'state',
      render: (s: TeamState) => (
        <Tag color={stateColor[s]} data-testid="team-state">
          {t(`teamStates.${s}`)}
        </Tag>
      ),
    },
    {
      title: t('members'),
      key: 'members',
      render: (_, tm) => (
        <span>
          {tm.memberCount}/{tm.size} {tm.members.map((m) => m.name).join('、')}
          {tm.filledCount > 0 && <Tag color="orange">{t('filledTag', { count: tm.filledCount })}</Tag>}
        </span>
      ),
    },
    { title: t('expiresAt'), dataIndex: 'expiresAt', render: (v: string) => dateTime(v), width: 160 },
    {
      title: t('history'),
      key: 'history',
      render: (_, tm) =>
        tm.history.map((h) => `${t(`events.${h.kind}`)}${h.amountFen !== null ? ` ${yuan(h.amountFen)}` : ''}`).join(' → '),
    },
  ];
  return (
    <Drawer open={deal !== null} onClose={onClose} width={960} title={deal?.title} destroyOnHidden>
      <Space style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('stateFilter')}
          style={{ width: 160 }}
          value={state}
          onChange={setState}
          options={(['open', 'formed', 'failed'] as const).map((s) => ({ value: s, label: t(`teamStates.${s}`) }))}
        />
      </Space>
      {teams.isError ? (
        <LoadError query={teams} />
      ) : (
        <Table
          rowKey="id"
          size="small"
          loading={teams.isLoading}
          dataSource={teams.data ?? []}
          columns={columns}
          pagination={{ pageSize: 20 }}
          data-testid="teams"
        />
      )}
    </Drawer>
  );
}
