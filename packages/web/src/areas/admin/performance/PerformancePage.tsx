import * as performance from '@linli/contracts/performance';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tabs, Tag } from 'antd';
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

type Row = z.infer<typeof performance.PeriodRow>;
type Level = z.infer<typeof performance.Level>;
type Rule = z.infer<typeof performance.Rule>;
type KpiDef = z.infer<typeof performance.KpiDefinition>;
type KpiCode = KpiDef['code'];

/** A KPI value as staff read it: yuan, a percentage (basis points) or a count. */
function kpiText(unit: KpiDef['unit'] | undefined, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (unit === 'fen') return yuan(value);
  if (unit === 'bp') return `${(value / 100).toFixed(value % 100 === 0 ? 0 : 1)}%`;
  return String(value);
}

/** Threshold input in the unit people use: yuan for money, % for rates. */
const toInput = (unit: KpiDef['unit'] | undefined, v: number) => (unit === 'fen' ? v / 100 : unit === 'bp' ? v / 100 : v);
const fromInput = (unit: KpiDef['unit'] | undefined, v: number) =>
  unit === 'fen' ? yuanToFen(v) : unit === 'bp' ? Math.round(v * 100) : Math.round(v);

/** 团长绩效 for staff: the period's KPI table and ranking (CSV), levels, reward and penalty rules, probation, settings. */
export default function PerformancePage() {
  const { t } = useTranslation(['performance', 'common']);
  const levels = useQuery({
    queryKey: ['admin-performance-levels'],
    queryFn: async () => performance.LevelList.parse(await api.get('admin/leader-performance/levels')),
  });
  if (levels.isError) return <LoadError query={levels} />;
  const catalogue = levels.data?.catalogue ?? [];
  return (
    <div>
      <h2>{t('title')}</h2>
      <Tabs
        items={[
          { key: 'kpis', label: t('tabs.kpis'), children: <PeriodTab catalogue={catalogue} /> },
          { key: 'levels', label: t('tabs.levels'), children: <LevelsTab catalogue={catalogue} levels={levels.data?.items ?? []} /> },
          { key: 'rules', label: t('tabs.rules'), children: <RulesTab catalogue={catalogue} /> },
          { key: 'probation', label: t('tabs.probation'), children: <ProbationTab /> },
          {
            key: 'settings',
            label: t('tabs.settings'),
            children: levels.data ? <SettingsTab settings={levels.data.settings} /> : null,
          },
        ]}
      />
    </div>
  );
}

function PeriodTab({ catalogue }: { catalogue: KpiDef[] }) {
  const { t } = useTranslation(['performance', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const can = useCan();
  const [date, setDate] = useState<string | undefined>(undefined);
  const [warehouseId, setWarehouseId] = useState<string | undefined>(undefined);
  const query = { ...(date ? { date } : {}), ...(warehouseId ? { warehouseId } : {}) };
  const table = useQuery({
    queryKey: ['admin-performance-period', query],
    queryFn: async () => performance.PeriodTable.parse(await api.get('admin/leader-performance/periods', query)),
  });
  const close = useMutation({
    mutationFn: async (d: string) => performance.CloseSummary.parse(await api.post('admin/leader-performance/periods/close', { date: d })),
    onSuccess: (s) => {
      void message.success(t(s.closed ? 'closedNow' : 'closedBefore', { leaders: s.leaders, promoted: s.promoted, demoted: s.demoted }));
      void client.invalidateQueries({ queryKey: ['admin-performance-period'] });
    },
    onError: (err) => void message.error(errorText(t, err)),
  });
  if (table.isError) return <LoadError query={table} />;
  const data = table.data;
  const warehouses = [...new Set((data?.items ?? []).map((r) => r.warehouseId).filter((w): w is string => w !== null))];
  const columns: ColumnsType<Row> = [
    { title: t('rank'), key: 'rank', render: (_, r) => (r.rank === null ? '—' : `${r.rank}/${r.ranked}`), width: 80 },
    { title: t('leader'), dataIndex: 'leaderName' },
    { title: t('warehouse'), dataIndex: 'warehouseId', render: (v: string | null) => v ?? t('defaultArea') },
    { title: t('score'), dataIndex: 'score', render: (v: number | null) => (v === null ? '—' : (v / 100).toFixed(1)) },
    {
      title: t('levelChange'),
      key: 'level',
      render: (_, r) =>
        r.levelBefore === null ? (
          '—'
        ) : r.levelBefore === r.levelAfter ? (
          <span data-testid="perf-level-change">{`L${r.levelAfter}`}</span>
        ) : (
          <Tag color={(r.levelAfter ?? 0) > r.levelBefore ? 'green' : 'orange'} data-testid="perf-level-change">
            {`L${r.levelBefore} → L${r.levelAfter}`}
          </Tag>
        ),
    },
    { title: t('tail'), key: 'tail', render: (_, r) => (r.inTail ? <Tag color="red">{t('tailStreak', { n: r.tailStreak })}</Tag> : null) },
    ...catalogue.map((k) => ({
      title: t(`kpi.${k.code}`),
      key: k.code,
      render: (_: unknown, r: Row) => kpiText(k.unit, r.kpis[k.code]),
    })),
  ];
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ width: 220 }}
          placeholder={t('period')}
          value={date ?? data?.period.start}
          onChange={setDate}
          options={(data?.periods ?? []).map((p) => ({ value: p.start, label: `${p.label} (${p.start} – ${p.end})` }))}
          data-testid="perf-period"
        />
        <Select
          allowClear
          style={{ width: 180 }}
          placeholder={t('allWarehouses')}
          value={warehouseId}
          onChange={setWarehouseId}
          options={warehouses.map((w) => ({ value: w, label: w }))}
        />
        <Button
          onClick={() => void api.download('admin/leader-performance/periods/export', `leader-kpis-${data?.period.label ?? ''}.csv`, query)}
          data-testid="perf-export"
        >
          {t('export')}
        </Button>
        {can('performance.manage') && data && !data.closed && (
          <Button loading={close.isPending} onClick={() => close.mutate(data.period.start)} data-testid="perf-close">
            {t('close', { label: data.period.label })}
          </Button>
        )}
        {data && <span>{data.closed ? t('closed', { label: data.period.label }) : t('open', { label: data.period.label })}</span>}
      </Space>
      <Table
        rowKey="leaderId"
        size="small"
        loading={table.isPending}
        columns={columns}
        dataSource={data?.items ?? []}
        scroll={{ x: true }}
        pagination={{ pageSize: 50 }}
        data-testid="perf-table"
      />
      {data && data.results.length > 0 && (
        <>
          <h3>{t('results')}</h3>
          <Table
            data-testid="perf-results"
            rowKey={(r) => `${r.ruleId}/${r.leaderId}`}
            size="small"
            pagination={false}
            dataSource={data.results}
            columns={[
              {
                title: t('leader'),
                dataIndex: 'leaderId',
                render: (id: string) => data.items.find((i) => i.leaderId === id)?.leaderName ?? id,
              },
              { title: t('kpiName'), dataIndex: 'kpi', render: (k: string) => t(`kpi.${k}`) },
              {
                title: t('kind'),
                dataIndex: 'kind',
                render: (k: string) => <Tag color={k === 'bonus' ? 'green' : 'red'}>{t(`kinds.${k}`)}</Tag>,
              },
              { title: t('amount'), dataIndex: 'amountFen', render: (v: number) => yuan(v) },
              {
                title: t('availableAfter'),
                dataIndex: 'availableAfterFen',
                render: (v: number | null) => (v === null ? '' : <Tag color="red">{yuan(v)}</Tag>),
              },
            ]}
          />
        </>
      )}
    </div>
  );
}

function LevelsTab({ catalogue, levels }: { catalogue: KpiDef[]; levels: Level[] }) {
  const { t } = useTranslation(['performance', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const can = useCan();
  const [draft, setDraft] = useState<Level[] | null>(null);
  const rows = draft ?? levels;
  const unitOf = (code: string) => catalogue.find((k) => k.code === code)?.unit;
  const save = useMutation({
    mutationFn: (items: Level[]) => api.put('admin/leader-performance/levels', { levels: items }),
    onSuccess: () => {
      setDraft(null);
      void message.success(t('saved'));
      void client.invalidateQueries({ queryKey: ['admin-performance-levels'] });
    },
    onError: (err) => void message.error(errorText(t, err)),
  });
  const edit = (i: number, patch: Partial<Level>) => setDraft(rows.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const editable = can('performance.manage');
  return (
    <div>
      <p>{t('levelsHint')}</p>
      <Table
        rowKey="level"
        size="small"
        pagination={false}
        dataSource={rows}
        data-testid="perf-levels"
        columns={[
          { title: t('level'), dataIndex: 'level', width: 60, render: (v: number) => `L${v}` },
          {
            title: t('levelName'),
            dataIndex: 'name',
            render: (v: string, l, i) =>
              editable ? (
                <Input
                  value={v}
                  maxLength={20}
                  onChange={(e) => edit(i, { name: e.target.value })}
                  data-testid={`perf-level-name-${l.level}`}
                />
              ) : (
                v
              ),
          },
          {
            title: t('commissionRate'),
            dataIndex: 'commissionRateBp',
            render: (v: number, l, i) =>
              editable ? (
                <InputNumber
                  data-testid={`perf-level-rate-${l.level}`}
                  min={0}
                  max={50}
                  step={0.5}
                  value={v / 100}
                  addonAfter="%"
                  onChange={(x) => edit(i, { commissionRateBp: Math.round((x ?? 0) * 100) })}
                />
              ) : (
                kpiText('bp', v)
              ),
          },
          {
            title: t('thresholds'),
            key: 'thresholds',
            render: (_, l, i) => (
              <Space wrap>
                {(Object.entries(l.thresholds) as Array<[KpiCode, number]>).map(([code, v]) => (
                  <Space key={code} size={2}>
                    <span>
                      {t(`kpi.${code}`)} {catalogue.find((k) => k.code === code)?.direction === 'lower' ? '≤' : '≥'}
                    </span>
                    {editable ? (
                      <InputNumber
                        min={0}
                        data-testid={`perf-level-${l.level}-${code}`}
                        value={toInput(unitOf(code), v)}
                        onChange={(x) => edit(i, { thresholds: { ...l.thresholds, [code]: fromInput(unitOf(code), x ?? 0) } })}
                        addonAfter={unitOf(code) === 'fen' ? '¥' : unitOf(code) === 'bp' ? '%' : undefined}
                      />
                    ) : (
                      kpiText(unitOf(code), v)
                    )}
                    {editable && (
                      <Button
                        size="small"
                        type="text"
                        onClick={() => {
                          const { [code]: _gone, ...rest } = l.thresholds;
                          edit(i, { thresholds: rest });
                        }}
                      >
                        ×
                      </Button>
                    )}
                  </Space>
                ))}
                {editable && (
                  <Select
                    data-testid={`perf-level-add-${l.level}`}
                    style={{ width: 140 }}
                    placeholder={t('addThreshold')}
                    value={null}
                    onChange={(code: KpiCode) => edit(i, { thresholds: { ...l.thresholds, [code]: 0 } })}
                    options={catalogue.filter((k) => !(k.code in l.thresholds)).map((k) => ({ value: k.code, label: t(`kpi.${k.code}`) }))}
                  />
                )}
              </Space>
            ),
          },
        ]}
      />
      {editable && (
        <Space style={{ marginTop: 12 }}>
          <Button
            onClick={() =>
              setDraft([...rows, { level: rows.length + 1, name: `L${rows.length + 1}`, thresholds: {}, commissionRateBp: 1000 }])
            }
            data-testid="perf-add-level"
          >
            {t('addLevel')}
          </Button>
          <Button disabled={rows.length === 0} onClick={() => setDraft(rows.slice(0, -1))}>
            {t('removeLevel')}
          </Button>
          <Button
            type="primary"
            disabled={draft === null}
            loading={save.isPending}
            onClick={() => save.mutate(rows)}
            data-testid="perf-save-levels"
          >
            {t('common:save')}
          </Button>
        </Space>
      )}
    </div>
  );
}

function RulesTab({ catalogue }: { catalogue: KpiDef[] }) {
  const { t } = useTranslation(['performance', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const can = useCan();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const rules = useQuery({
    queryKey: ['admin-performance-rules'],
    queryFn: async () => performance.RuleList.parse(await api.get('admin/leader-performance/rules')).items,
  });
  const refresh = () => void client.invalidateQueries({ queryKey: ['admin-performance-rules'] });
  const create = useMutation({
    mutationFn: (body: unknown) => api.post('admin/leader-performance/rules', body),
    onSuccess: () => {
      setCreating(false);
      form.resetFields();
      refresh();
    },
    onError: (err) => void message.error(errorText(t, err)),
  });
  const toggle = useMutation({
    mutationFn: (r: { id: string; active: boolean }) => api.post(`admin/leader-performance/rules/${r.id}/active`, { active: r.active }),
    onSuccess: refresh,
    onError: (err) => void message.error(errorText(t, err)),
  });
  const unitOf = (code: string) => catalogue.find((k) => k.code === code)?.unit;
  if (rules.isError) return <LoadError query={rules} />;
  return (
    <div>
      <p>{t('rulesHint')}</p>
      {can('performance.manage') && (
        <Button type="primary" onClick={() => setCreating(true)} style={{ marginBottom: 12 }} data-testid="perf-new-rule">
          {t('newRule')}
        </Button>
      )}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        loading={rules.isPending}
        dataSource={rules.data ?? []}
        data-testid="perf-rules"
        columns={[
          { title: t('ruleName'), dataIndex: 'name' },
          {
            title: t('kind'),
            dataIndex: 'kind',
            render: (k: Rule['kind']) => <Tag color={k === 'bonus' ? 'green' : 'red'}>{t(`kinds.${k}`)}</Tag>,
          },
          {
            title: t('condition'),
            key: 'condition',
            render: (_, r) => `${t(`kpi.${r.kpi}`)} ${r.comparator === 'gte' ? '≥' : '≤'} ${kpiText(unitOf(r.kpi), r.threshold)}`,
          },
          { title: t('amount'), dataIndex: 'amountFen', render: (v: number) => yuan(v) },
          {
            title: t('active'),
            dataIndex: 'active',
            render: (v: boolean, r) => (
              <Switch checked={v} disabled={!can('performance.manage')} onChange={(active) => toggle.mutate({ id: r.id, active })} />
            ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('newRule')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'bonus', comparator: 'gte', kpi: 'gmv' }}
          onFinish={(v: {
            name: string;
            kind: Rule['kind'];
            kpi: KpiCode;
            comparator: Rule['comparator'];
            threshold: number;
            amount: number;
          }) =>
            create.mutate({
              name: v.name,
              kind: v.kind,
              kpi: v.kpi,
              comparator: v.comparator,
              threshold: fromInput(unitOf(v.kpi), v.threshold),
              amountFen: yuanToFen(v.amount),
            })
          }
        >
          <Form.Item name="name" label={t('ruleName')} rules={[{ required: true }]}>
            <Input maxLength={40} data-testid="perf-rule-name" />
          </Form.Item>
          <Form.Item name="kind" label={t('kind')}>
            <Select options={(['bonus', 'penalty'] as const).map((k) => ({ value: k, label: t(`kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="kpi" label={t('kpiName')}>
            <Select options={catalogue.map((k) => ({ value: k.code, label: t(`kpi.${k.code}`) }))} />
          </Form.Item>
          <Form.Item name="comparator" label={t('comparator')}>
            <Select
              options={[
                { value: 'gte', label: '≥' },
                { value: 'lte', label: '≤' },
              ]}
            />
          </Form.Item>
          <Form.Item name="threshold" label={t('threshold')} rules={[{ required: true }]} extra={t('thresholdHint')}>
            <InputNumber min={0} style={{ width: '100%' }} data-testid="perf-rule-threshold" />
          </Form.Item>
          <Form.Item name="amount" label={t('amountYuan')} rules={[{ required: true }]}>
            <InputNumber min={0.01} step={1} style={{ width: '100%' }} data-testid="perf-rule-amount" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

function ProbationTab() {
  const { t } = useTranslation(['performance', 'common']);
  const list = useQuery({
    queryKey: ['admin-performance-probations'],
    queryFn: async () => performance.ProbationList.parse(await api.get('admin/leader-performance/probations')).items,
  });
  if (list.isError) return <LoadError query={list} />;
  return (
    <div>
      <p>{t('probationHint')}</p>
      <Table
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data ?? []}
        data-testid="perf-probations"
        columns={[
          { title: t('leader'), dataIndex: 'leaderName' },
          { title: t('period'), dataIndex: 'label' },
          { title: t('tailPeriods'), dataIndex: 'tailStreak' },
          { title: t('since'), dataIndex: 'startedAt', render: (v: string) => dateTime(v) },
          {
            title: t('state'),
            dataIndex: 'endedAt',
            render: (v: string | null) => (v ? <Tag>{t('ended', { at: dateTime(v) })}</Tag> : <Tag color="red">{t('onProbation')}</Tag>),
          },
        ]}
      />
    </div>
  );
}

function SettingsTab({ settings }: { settings: z.infer<typeof performance.Settings> }) {
  const { t } = useTranslation(['performance', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const can = useCan();
  const save = useMutation({
    mutationFn: (body: unknown) => api.patch('admin/leader-performance/settings', body),
    onSuccess: () => {
      void message.success(t('saved'));
      void client.invalidateQueries({ queryKey: ['admin-performance-levels'] });
    },
    onError: (err) => void message.error(errorText(t, err)),
  });
  return (
    <Form
      layout="vertical"
      style={{ maxWidth: 420 }}
      initialValues={settings}
      onFinish={(v) => save.mutate(v)}
      disabled={!can('performance.manage')}
    >
      <Form.Item name="periodKind" label={t('periodKind')}>
        <Select options={(['week', 'month'] as const).map((k) => ({ value: k, label: t(`kinds.${k}`) }))} />
      </Form.Item>
      <Form.Item name="gracePeriods" label={t('gracePeriods')} extra={t('graceHint')}>
        <InputNumber min={1} max={12} />
      </Form.Item>
      <Form.Item name="tailMode" label={t('tailMode')}>
        <Select options={(['percent', 'count'] as const).map((k) => ({ value: k, label: t(`tailModes.${k}`) }))} />
      </Form.Item>
      <Form.Item name="tailValue" label={t('tailValue')}>
        <InputNumber min={0} max={1000} />
      </Form.Item>
      <Form.Item name="probationAfter" label={t('probationAfter')}>
        <InputNumber min={1} max={12} />
      </Form.Item>
      <Form.Item name="topN" label={t('topN')}>
        <InputNumber min={0} max={100} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {t('common:save')}
      </Button>
    </Form>
  );
}
