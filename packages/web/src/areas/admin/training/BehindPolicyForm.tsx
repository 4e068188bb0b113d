import * as training from '@linli/contracts/training';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, InputNumber, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../common/i18n.ts';
import { api } from '../api.ts';
import './locales.ts';

/** Who counts as behind, the operator's own rule: days to finish the required courses, the lowest attendance. */
export function BehindPolicyForm({ policy, onSaved }: { policy: training.TrainingPolicy; onSaved: () => void }) {
  const { t } = useTranslation(['training', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: async (v: training.TrainingPolicy) => training.TrainingPolicy.parse(await api.put('admin/training/policy', v)),
    onSuccess: () => {
      void message.success(t('policy.saved'));
      void client.invalidateQueries({ queryKey: ['admin-training-progress'] });
      onSaved();
    },
  });
  return (
    <Form<training.TrainingPolicy> layout="vertical" initialValues={policy} onFinish={(v) => save.mutate(v)} data-testid="behind-policy">
      <Space wrap align="end">
        <Form.Item name="requiredWithinDays" label={t('policy.requiredWithinDays')} rules={[{ required: true }]}>
          <InputNumber min={1} max={90} precision={0} suffix={t('policy.days')} data-testid="policy-days" />
        </Form.Item>
        <Form.Item name="minAttendancePercent" label={t('policy.minAttendance')} rules={[{ required: true }]}>
          <InputNumber min={0} max={100} precision={0} suffix="%" data-testid="policy-attendance" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="policy-save">
            {t('common:save')}
          </Button>
        </Form.Item>
      </Space>
      {save.isError && <Alert type="error" showIcon title={errorText(t, save.error)} />}
    </Form>
  );
}
