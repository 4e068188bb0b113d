import { ProcurementSettings, ShortageRule } from '@linli/contracts/procurement';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, InputNumber, Radio, Skeleton, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { errorCode, errorText } from '../../../common/i18n.ts';
import { zodRule } from '../../../common/validation.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { useCan } from '../permissions.ts';

type Settings = z.infer<typeof ProcurementSettings>;

/** The purchase buffer and the shortage rule (read by purchasers, changed by an admin). */
export function SettingsTab() {
  const { t } = useTranslation('purchasing');
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Settings>();
  const [error, setError] = useState<string | null>(null);
  const canSave = useCan()('purchasing.saveSettings');
  const query = useQuery({
    queryKey: ['admin', 'procurement-settings'],
    queryFn: () => api.get<Settings>('admin/procurement/settings'),
  });
  useEffect(() => {
    if (query.data) form.setFieldsValue(query.data);
  }, [query.data, form]);
  const save = useMutation({
    mutationFn: (body: Settings) => api.put<Settings>('admin/procurement/settings', body),
    onSuccess: (saved) => {
      client.setQueryData(['admin', 'procurement-settings'], saved);
      setError(null);
      message.success(t('settings.saved'));
    },
    onError: (err) => setError(errorCode(err) === 'FORBIDDEN' ? t('settings.adminOnly') : errorText(t, err)),
  });

  return (
    <Card title={t('settings.title')} style={{ maxWidth: 640 }}>
      <LoadError query={query} />
      {query.isPending ? (
        <Skeleton active />
      ) : (
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} disabled={!query.isSuccess || !canSave} requiredMark={false}>
          <Form.Item
            name="bufferPercent"
            label={t('settings.buffer')}
            extra={t('settings.bufferHelp')}
            rules={[zodRule(ProcurementSettings.shape.bufferPercent, t)]}
          >
            <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: 160 }} data-testid="settings-buffer" />
          </Form.Item>
          <Form.Item name="shortageRule" label={t('settings.rule')} rules={[zodRule(ProcurementSettings.shape.shortageRule, t)]}>
            <Radio.Group>
              <Space orientation="vertical">
                {ShortageRule.options.map((r) => (
                  <Radio key={r} value={r} data-testid={`settings-rule-${r}`}>
                    {t(`settings.rules.${r}`)}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="settings-error" />}
          {canSave ? (
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="settings-save">
              {t('common:save')}
            </Button>
          ) : (
            <Alert type="info" showIcon title={t('settings.adminOnly')} data-testid="settings-admin-only" />
          )}
        </Form>
      )}
    </Card>
  );
}
