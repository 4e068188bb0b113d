import * as recruiting from '@linli/contracts/recruiting';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, InputNumber, Select, Switch, Table, Tabs, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { dateTime, yuan, yuanToFen } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { useCan } from '../permissions.ts';
import './locales.ts';

type Referral = z.infer<typeof recruiting.AdminReferral>;
type State = Referral['state'];
const stateColor = { pending: 'default', qualified: 'blue', bonus_paid: 'green', refused: 'red' } as const;

/** 团长拉新 for staff: the referrals (refusals with their reason) and the recruiting terms. */
export default function RecruitingPage() {
  const { t } = useTranslation(['recruiting', 'common']);
  return (
    <div>
      <h2>{t('title')}</h2>
      <Tabs
        items={[
          {
            key: 'referrals',
            label: <span data-testid="recruiting-tab-referrals">{t('tabs.referrals')}</span>,
            children: <ReferralsTab />,
          },
          { key: 'settings', label: <span data-testid="recruiting-tab-settings">{t('tabs.settings')}</span>, children: <SettingsTab /> },
        ]}
      />
    </div>
  );
}

function ReferralsTab() {
  const { t } = useTranslation(['recruiting', 'common']);
  const [state, setState] = useState<State | undefined>();
  const list = useQuery({
    queryKey: ['admin-recruiting-referrals', state],
    queryFn: async () => recruiting.AdminReferrals.parse(await api.get(`admin/recruiting/referrals${state ? `?state=${state}` : ''}`)),
  });
  if (list.isError) return <LoadError query={list} />;
  const columns: ColumnsType<Referral> = [
    { title: t('referrer'), key: 'referrer', render: (_, r) => r.referrer.name },
    { title: t('recruit'), key: 'recruit', render: (_, r) => r.recruit.name },
    { title: t('approvedAt'), key: 'approvedAt', render: (_, r) => dateTime(r.approvedAt) },
    {
      title: t('state'),
      key: 'state',
      render: (_, r) => (
        <>
          <Tag color={stateColor[r.state]} data-testid="referral-state" data-state={r.state}>
            {t(`states.${r.state}`)}
          </Tag>
          {r.refusalReason && <span>{t(`reasons.${r.refusalReason}`)}</span>}
        </>
      ),
    },
    { title: t('pickups'), key: 'pickups', render: (_, r) => `${r.pickups} / ${r.bonusPickups}` },
    { title: t('bonus'), key: 'bonus', render: (_, r) => yuan(r.bonusPaidFen) },
    { title: t('override'), key: 'override', render: (_, r) => yuan(r.overrideFen) },
  ];
  return (
    <>
      <Select
        style={{ width: 200, marginBottom: 12 }}
        value={state ?? 'all'}
        onChange={(v) => setState(v === 'all' ? undefined : (v as State))}
        options={[
          { value: 'all', label: t('all') },
          ...(['pending', 'qualified', 'bonus_paid', 'refused'] as const).map((s) => ({ value: s, label: t(`states.${s}`) })),
        ]}
      />
      <Table
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        pagination={false}
        data-testid="recruiting-referrals"
      />
    </>
  );
}

type TermsForm = { enabled: boolean; bonusYuan: number; bonusPickups: number; overridePct: number; overrideDays: number };

function SettingsTab() {
  const { t } = useTranslation(['recruiting', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const can = useCan();
  const terms = useQuery({
    queryKey: ['admin-recruiting-settings'],
    queryFn: async () => recruiting.RecruitTerms.parse(await api.get('admin/recruiting/settings')),
  });
  const save = useMutation({
    mutationFn: (v: TermsForm) =>
      api.put('admin/recruiting/settings', {
        enabled: v.enabled,
        bonusFen: yuanToFen(v.bonusYuan),
        bonusPickups: v.bonusPickups,
        overrideBp: Math.round(v.overridePct * 100),
        overrideDays: v.overrideDays,
      }),
    onSuccess: () => {
      void message.success(t('saved'));
      void client.invalidateQueries({ queryKey: ['admin-recruiting-settings'] });
    },
    onError: (err) => void message.error(errorText(t, err)),
  });
  if (terms.isError) return <LoadError query={terms} />;
  if (!terms.data) return null;
  const d = terms.data;
  return (
    <Form<TermsForm>
      layout="vertical"
      style={{ maxWidth: 420 }}
      initialValues={{
        enabled: d.enabled,
        bonusYuan: d.bonusFen / 100,
        bonusPickups: d.bonusPickups,
        overridePct: d.overrideBp / 100,
        overrideDays: d.overrideDays,
      }}
      onFinish={(v) => save.mutate(v)}
      disabled={!can('recruiting.manage')}
    >
      <Form.Item name="enabled" label={t('enabled')} valuePropName="checked" extra={t('enabledHint')}>
        <Switch data-testid="recruiting-enabled" />
      </Form.Item>
      <Form.Item name="bonusYuan" label={t('bonusYuan')}>
        <InputNumber min={0} max={10000} precision={2} />
      </Form.Item>
      <Form.Item name="bonusPickups" label={t('bonusPickups')}>
        <InputNumber min={1} max={1000} precision={0} />
      </Form.Item>
      <Form.Item name="overridePct" label={t('overridePct')}>
        <InputNumber min={0} max={30} precision={2} />
      </Form.Item>
      <Form.Item name="overrideDays" label={t('overrideDays')}>
        <InputNumber min={0} max={366} precision={0} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="recruiting-save">
        {t('common:save')}
      </Button>
    </Form>
  );
}
