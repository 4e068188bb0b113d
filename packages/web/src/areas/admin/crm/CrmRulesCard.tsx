import { crm } from '@linli/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, InputNumber, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fenToYuan, yuanToFen } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { useCan } from '../permissions.ts';
import './locales.ts';

type Rules = crm.CrmRules;
type Steps = Rules['recencyDays'];
/** The form's values: as the rules, with money in yuan. */
type Values = Omit<Rules, 'monetaryFen'> & { monetaryYuan: Steps };

const SCORES = [5, 4, 3, 2] as const;
const toValues = (r: Rules): Values => {
  const { monetaryFen, ...rest } = r;
  return { ...rest, monetaryYuan: monetaryFen.map(fenToYuan) as unknown as Steps };
};
const toRules = (v: Values): Rules => {
  const { monetaryYuan, ...rest } = v;
  return crm.CrmRules.parse({ ...rest, monetaryFen: monetaryYuan.map((y) => yuanToFen(y)) });
};

/** Four thresholds in a row, for the scores 5, 4, 3 and 2 (below the last: 1). */
function StepsRow({
  name,
  label,
  help,
  addon,
  testId,
}: {
  name: keyof Values;
  label: string;
  help: string;
  addon: string;
  testId: string;
}) {
  const { t } = useTranslation('crm');
  return (
    <Form.Item label={label} extra={help} required>
      <Space wrap>
        {SCORES.map((score, i) => (
          <Form.Item key={score} name={[name, i]} noStyle rules={[{ required: true }]}>
            <InputNumber
              min={0}
              precision={name === 'monetaryYuan' ? 2 : 0}
              prefix={t('rules.score', { score })}
              suffix={addon}
              style={{ width: 170 }}
              data-testid={`${testId}-${score}`}
            />
          </Form.Item>
        ))}
      </Space>
    </Form.Item>
  );
}

/** The operator's RFM thresholds and segment days: read by staff who see segments, changed by merchandisers; used from the next computation. */
export function CrmRulesCard() {
  const { t } = useTranslation(['crm', 'common']);
  const canSave = useCan()('crm.compute');
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const rules = useQuery({ queryKey: ['admin-crm-rules'], queryFn: async () => crm.CrmRules.parse(await api.get('admin/crm/rules')) });
  const save = useMutation({
    mutationFn: async (v: Values) => crm.CrmRules.parse(await api.put('admin/crm/rules', toRules(v))),
    onSuccess: (r) => {
      client.setQueryData(['admin-crm-rules'], r);
      void message.success(t('rules.saved'));
    },
  });
  if (rules.isPending) return <Skeleton active />;
  if (rules.isError) return <LoadError query={rules} />;
  return (
    <Card title={t('rules.title')} size="small">
      <Typography.Paragraph type="secondary">{t('rules.intro')}</Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" initialValues={toValues(rules.data)} onFinish={(v) => save.mutate(v)} disabled={!canSave}>
        <Form.Item name="windowDays" label={t('rules.windowDays')} rules={[{ required: true }]}>
          <InputNumber min={7} max={730} precision={0} suffix={t('rules.days')} data-testid="crm-rules-window" />
        </Form.Item>
        <StepsRow
          name="recencyDays"
          label={t('rules.recency')}
          help={t('rules.recencyHelp')}
          addon={t('rules.days')}
          testId="crm-rules-recency"
        />
        <StepsRow
          name="frequency"
          label={t('rules.frequency')}
          help={t('rules.frequencyHelp')}
          addon={t('rules.orders')}
          testId="crm-rules-frequency"
        />
        <StepsRow name="monetaryYuan" label={t('rules.monetary')} help={t('rules.monetaryHelp')} addon="¥" testId="crm-rules-monetary" />
        <Space wrap size="large">
          <Form.Item name="lapsedDays" label={t('rules.lapsedDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={730} precision={0} suffix={t('rules.days')} data-testid="crm-rules-lapsed" />
          </Form.Item>
          <Form.Item name="newDays" label={t('rules.newDays')} rules={[{ required: true }]}>
            <InputNumber min={0} max={365} precision={0} suffix={t('rules.days')} data-testid="crm-rules-new" />
          </Form.Item>
        </Space>
        {save.isError && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} title={errorText(t, save.error)} data-testid="crm-rules-error" />
        )}
        {canSave && (
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="crm-rules-save">
            {t('common:save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}
