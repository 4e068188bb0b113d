import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { api } from '../api.ts';
import { CredentialsForm } from './CredentialsForm.tsx';
import { type ConnectionTest, type CredentialsState, SETTINGS_PATH } from './types.ts';
import './locales.ts';

/** The operator's own WeChat Pay merchant: what is set (never a secret), set up, replace, test, remove. */
export default function PaymentSettingsPage() {
  const { t } = useTranslation(['payments', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const state = useQuery({ queryKey: ['admin-payment-settings'], queryFn: () => api.get<CredentialsState>(SETTINGS_PATH) });
  const onError = (err: unknown) => message.error(errorText(t, err));
  const remove = useMutation({
    mutationFn: () => api.delete<CredentialsState>(SETTINGS_PATH),
    onSuccess: (s) => {
      client.setQueryData(['admin-payment-settings'], s);
      message.success(t('removed'));
    },
    onError,
  });
  const test = useMutation({
    mutationFn: () => api.post<ConnectionTest>(`${SETTINGS_PATH}/test`),
    onSuccess: (r) => (r.ok ? message.success(t('testOk', { code: r.code })) : message.error(t('testFailed', { code: r.code }))),
    onError,
  });
  const s = state.data;
  const own = s?.own ?? null;
  return (
    <Card
      title={t('title')}
      loading={state.isLoading}
      extra={
        s && (
          <Space>
            {own && (
              <Button onClick={() => test.mutate()} loading={test.isPending} data-testid="wxpay-test">
                {t('test')}
              </Button>
            )}
            <Button type="primary" onClick={() => setEditing(true)} data-testid="wxpay-edit">
              {own ? t('replace') : t('setUp')}
            </Button>
            {own && (
              <Popconfirm title={t('removeConfirm')} onConfirm={() => remove.mutate()}>
                <Button danger data-testid="wxpay-remove">
                  {t('remove')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        )
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('hint')}</Typography.Text>
        {s && (
          <Descriptions size="small" column={1} bordered data-testid="wxpay-state">
            <Descriptions.Item label={t('provider')}>{s.provider === 'dev' ? t('providerDev') : t('providerWechat')}</Descriptions.Item>
            <Descriptions.Item label={t('source')}>
              <Tag color={s.source === 'none' ? 'red' : s.source === 'operator' ? 'green' : 'blue'} data-testid="wxpay-source">
                {t(`sources.${s.source}`)}
              </Tag>
            </Descriptions.Item>
            {s.notifyUrl && (
              <Descriptions.Item label={t('notifyUrl')}>
                <Typography.Text copyable>{s.notifyUrl}</Typography.Text>
              </Descriptions.Item>
            )}
            {own && (
              <>
                <Descriptions.Item label={t('mchid')}>{own.mchid}</Descriptions.Item>
                <Descriptions.Item label={t('appid')}>{own.appid}</Descriptions.Item>
                <Descriptions.Item label={t('merchantSerial')}>{own.merchantSerial}</Descriptions.Item>
                <Descriptions.Item label={t('publicKeyId')}>{own.publicKeyId}</Descriptions.Item>
                <Descriptions.Item label={t('privateKeyPem')}>
                  <Tag color="green">{t('set')}</Tag>
                </Descriptions.Item>
                <Descriptions.Item label={t('apiV3Key')}>
                  <Tag color="green">{t('set')}</Tag>
                </Descriptions.Item>
                <Descriptions.Item label={t('publicKeyPem')}>
                  <Tag color="green">{t('set')}</Tag>
                </Descriptions.Item>
                <Descriptions.Item label={t('setBy')}>{own.setBy.name ?? own.setBy.id}</Descriptions.Item>
                <Descriptions.Item label={t('setAt')}>{dateTime(own.setAt)}</Descriptions.Item>
              </>
            )}
          </Descriptions>
        )}
      </Space>
      {s && <CredentialsForm state={s} open={editing} onClose={() => setEditing(false)} />}
    </Card>
  );
}
