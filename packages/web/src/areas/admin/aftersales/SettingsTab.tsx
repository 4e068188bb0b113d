import * as aftersales from '@linli/contracts/aftersales';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, InputNumber, Radio, Skeleton, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { errorText } from '../../../common/i18n.ts';
import { zodRule } from '../../../common/validation.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { useCan } from '../permissions.ts';

type Settings = z.infer<typeof aftersales.AftersalesSettings>;
const fields = aftersales.UpdateAftersalesSettings.shape;

/** The claim window and what happens to unpicked orders (read by support and warehouse, changed by an admin). */
export function SettingsTab() {
  const { t } = useTranslation('aftersales');
  const canSave = useCan()('aftersales.saveSettings');
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Settings>();
  const settings = useQuery({ queryKey: ['admin-aftersales-settings'], queryFn: () => api.get<Settings>('admin/aftersales-settings') });
  const save = useMutation({
    mutationFn: (v: Settings) => api.patch<Settings>('admin/aftersales-settings', v),
    onSuccess: (s) => {
      client.setQueryData(['admin-aftersales-settings'], s);
      void message.success(t('common:saved'));
    },
  });
  if (settings.isPending) return <Skeleton active />;
  if (settings.isError) return <LoadError query={settings} />;
  return (
    <Card title={t('settings.title')} style={{ maxWidth: 640 }}>
      <Form<Settings> form={form} layout="vertical" initialValues={settings.data} onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="claimWindowHours"
          label={t('settings.claimWindowHours')}
          extra={t('settings.claimWindowHelp')}
          rules={[zodRule(fields.claimWindowHours.unwrap(), t)]}
        >
          <InputNumber min={1} max={720} precision={0} style={{ width: 160 }} data-testid="settings-claim-window" />
        </Form.Item>
        <Form.Item
          name="unpickedAfterDays"
          label={t('settings.unpickedAfterDays')}
          extra={t('settings.unpickedAfterHelp')}
          rules={[zodRule(fields.unpickedAfterDays.unwrap(), t)]}
        >
          <InputNumber min={0} max={30} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="unpickedRule" label={t('settings.unpickedRule')} rules={[zodRule(fields.unpickedRule.unwrap(), t)]}>
          <Radio.Group options={aftersales.UnpickedRule.options.map((r) => ({ value: r, label: t(`rule.${r}`) }))} />
        </Form.Item>
        <Form.Item
          name="unpickedRefund"
          label={t('settings.unpickedRefund')}
          extra={t('settings.unpickedRefundHelp')}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
        {save.isError && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={errorText(t, save.error)}
            description={(save.error as { code?: string }).code === 'FORBIDDEN' ? t('settings.adminOnly') : undefined}
          />
        )}
        {canSave ? (
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="settings-save">
            {t('common:save')}
          </Button>
        ) : (
          <Alert type="info" showIcon title={t('settings.adminOnly')} />
        )}
      </Form>
    </Card>
  );
}
