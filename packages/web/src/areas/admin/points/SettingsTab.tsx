import type { points } from '@linli/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, InputNumber, Skeleton, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { errorText } from '../../../common/i18n.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import './locales.ts';

type Settings = z.infer<typeof points.PointsSettings>;
const key = ['admin-points-settings'] as const;

/** The operator's points rules: on or off, points per yuan, lifetime, sign-in points and streak bonuses (admins). */
export function SettingsTab() {
  const { t } = useTranslation(['points', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const settings = useQuery({ queryKey: key, queryFn: () => api.get<Settings>('admin/points/settings') });
  const save = useMutation({
    mutationFn: (s: Settings) => api.put<Settings>('admin/points/settings', s),
    onSuccess: (s) => {
      client.setQueryData(key, s);
      message.success(t('saved'));
    },
    onError: (err) => message.error(errorText(t, err)),
  });
  return (
    <>
      <Typography.Paragraph type="secondary">{t('hint')}</Typography.Paragraph>
      {settings.isLoading && <Skeleton active />}
      {settings.isError && <LoadError query={settings} />}
      {settings.data && (
        <Form<Settings>
          layout="vertical"
          initialValues={settings.data}
          onFinish={(v) => save.mutate({ ...v, streakBonuses: v.streakBonuses ?? [] })}
          style={{ maxWidth: 480 }}
          data-testid="points-settings"
        >
          <Form.Item name="enabled" label={t('enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="pointsPerYuan" label={t('pointsPerYuan')} rules={[{ required: true }]}>
            <InputNumber min={0} max={1000} precision={0} />
          </Form.Item>
          <Form.Item name="lotDays" label={t('lotDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={3650} precision={0} />
          </Form.Item>
          <Form.Item name="signInPoints" label={t('signInPoints')} rules={[{ required: true }]}>
            <InputNumber min={0} max={10000} precision={0} />
          </Form.Item>
          <Form.Item label={t('streakBonuses')}>
            <Form.List name="streakBonuses">
              {(fields, { add, remove }) => (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {fields.map((field) => (
                    <Space key={field.key} align="baseline">
                      <Form.Item name={[field.name, 'day']} rules={[{ required: true }]} noStyle>
                        <InputNumber min={1} max={366} precision={0} placeholder={t('day')} addonBefore={t('day')} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'points']} rules={[{ required: true }]} noStyle>
                        <InputNumber min={1} max={100000} precision={0} placeholder={t('bonus')} addonBefore={t('bonus')} />
                      </Form.Item>
                      <Button type="link" danger onClick={() => remove(field.name)}>
                        {t('remove')}
                      </Button>
                    </Space>
                  ))}
                  <Button onClick={() => add({ day: 7, points: 20 })}>{t('addBonus')}</Button>
                </Space>
              )}
            </Form.List>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="points-save">
            {t('save')}
          </Button>
        </Form>
      )}
    </>
  );
}
