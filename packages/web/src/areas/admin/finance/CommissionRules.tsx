import * as admin from '@linli/contracts/admin';
import * as ledger from '@linli/contracts/ledger';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, InputNumber, Popconfirm, Select, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { errorText } from '../../../common/i18n.ts';
import { zodRule } from '../../../common/validation.ts';
import { api } from '../api.ts';
import { bpRule, bpToPercent, percentToBp } from './money.ts';
import { type Option, RemoteSelect } from './ui.tsx';
import { LoadError } from '../../../desktop/LoadError.tsx';

type Rule = z.infer<typeof ledger.CommissionRule>;
type Scope = Rule['scope'];
interface Values {
  scope: Scope;
  subject: string | number;
  rate: number;
}

async function searchSubjects(scope: Scope, search: string): Promise<Option[]> {
  const name = search.trim();
  if (scope === 'product') {
    const page = await api.get<Page<z.infer<typeof admin.Product>>>('admin/products', { name, pageSize: 20 });
    return page.items.map((p) => ({ value: p.id, label: p.name }));
  }
  const page = await api.get<Page<z.infer<typeof admin.Category>>>('admin/categories', { pageSize: 200 });
  return page.items.filter((c) => c.name.includes(name)).map((c) => ({ value: c.id, label: c.name }));
}

/** Commission rates by product, category or leader level: set (or change) and remove; the default rate applies otherwise. */
export function CommissionRules({ defaultBp }: { defaultBp: number | undefined }) {
  const { t } = useTranslation('finance');
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const scope = Form.useWatch('scope', form) ?? 'category';
  const rules = useQuery({
    queryKey: ['finance', 'commission-rules'],
    queryFn: () => api.get<{ items: Rule[] }>('admin/finance/commission-rules'),
  });
  const set = useMutation({
    mutationFn: (rule: { scope: Scope; subject: string; rateBp: number | null }) =>
      api.put<{ items: Rule[] }>('admin/finance/commission-rules', rule),
    onSuccess: (list, rule) => {
      client.setQueryData(['finance', 'commission-rules'], list);
      void message.success(t('common:saved'));
      if (rule.rateBp !== null) form.resetFields(['subject', 'rate']);
    },
    onError: (err) => void message.error(errorText(t, err)),
  });

  return (
    <Card title={t('rules.title')}>
      <Typography.Paragraph type="secondary">
        {t('rules.help')}
        {defaultBp !== undefined && ` ${t('rules.defaultRate', { rate: bpToPercent(defaultBp) })}`}
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="inline"
        initialValues={{ scope: 'category' }}
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(v) => set.mutate({ scope: v.scope, subject: String(v.subject).trim(), rateBp: percentToBp(v.rate) })}
      >
        <Form.Item name="scope" rules={[zodRule(ledger.CommissionScope, t)]}>
          <Select<Scope>
            style={{ width: 110 }}
            options={ledger.CommissionScope.options.map((s) => ({ value: s, label: t(`scope.${s}`) }))}
            onChange={() => form.setFieldValue('subject', undefined)}
          />
        </Form.Item>
        <Form.Item
          name="subject"
          rules={[
            scope === 'level' ? zodRule(admin.UpdateLeader.shape.level.unwrap(), t) : zodRule(ledger.SetCommissionRule.shape.subject, t),
          ]}
        >
          {scope === 'level' ? (
            <InputNumber min={1} max={100} precision={0} placeholder={t('scope.level')} style={{ width: 200 }} />
          ) : (
            <RemoteSelect
              key={scope}
              queryKey={['finance', 'commission-subject', scope]}
              load={(s) => searchSubjects(scope, s)}
              placeholder={t('rules.subjectPlaceholder')}
              width={230}
            />
          )}
        </Form.Item>
        <Form.Item name="rate" rules={[bpRule(ledger.SetCommissionRule.shape.rateBp.unwrap(), t)]}>
          <InputNumber
            min={0}
            max={100}
            step={0.5}
            precision={2}
            suffix="%"
            placeholder={t('rules.ratePlaceholder')}
            style={{ width: 110 }}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={set.isPending && set.variables?.rateBp !== null} data-testid="rule-save">
          {t('rules.add')}
        </Button>
      </Form>
      <LoadError query={rules} />
      {set.isError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={errorText(t, set.error)} />}
      <Table<Rule>
        rowKey={(r) => `${r.scope}/${r.subject}`}
        size="small"
        loading={rules.isFetching}
        dataSource={rules.data?.items}
        pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('rules.scope'), dataIndex: 'scope', width: 110, render: (s: Scope) => t(`scope.${s}`) },
          {
            title: t('rules.subject'),
            dataIndex: 'subject',
            render: (s: string, r) => (r.scope === 'level' ? t('rules.level', { level: s }) : <SubjectName scope={r.scope} id={s} />),
          },
          { title: t('rules.rate'), dataIndex: 'rateBp', align: 'right', width: 120, render: (bp: number) => `${bpToPercent(bp)}%` },
          {
            key: 'remove',
            width: 80,
            render: (_, r) => (
              <Popconfirm
                title={t('rules.removeConfirm')}
                onConfirm={() => set.mutateAsync({ scope: r.scope, subject: r.subject, rateBp: null })}
              >
                <Button type="link" size="small" danger>
                  {t('rules.remove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** The name of a rule's product or category (its id when it cannot be read). */
function SubjectName({ scope, id }: { scope: Scope; id: string }) {
  const name = useQuery({
    queryKey: ['admin', scope, 'name', id],
    staleTime: 5 * 60_000,
    retry: false,
    queryFn: async () =>
      scope === 'product'
        ? (await api.get<{ name: string }>(`admin/products/${id}`)).name
        : ((await api.get<Page<{ id: string; name: string }>>('admin/categories', { pageSize: 200 })).items.find((c) => c.id === id)
            ?.name ?? null),
  });
  return name.data ? <span title={id}>{name.data}</span> : <Typography.Text type="secondary">{id}</Typography.Text>;
}
