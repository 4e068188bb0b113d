import * as auth from '@linli/contracts/auth';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../common/i18n.ts';
import { logIn, requestCode } from '../common/login.ts';
import { usePublicConfig } from '../common/publicConfig.ts';
import type { Area } from '../common/session.ts';
import { zodRule } from '../common/validation.ts';
import { LanguageSelect } from './LanguageSelect.tsx';

interface Values {
  operator?: string;
  phone: string;
  code: string;
}

/** Phone and SMS code for desk users (operator staff, suppliers at a desk). */
export function DesktopLogin({ area, title }: { area: Area; title: string }) {
  const { t } = useTranslation('common');
  const config = usePublicConfig();
  const [form] = Form.useForm<Values>();
  const [devCode, setDevCode] = useState<string | null>(null);
  const [wait, setWait] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  const sendCode = async () => {
    try {
      const { phone } = await form.validateFields(['phone']);
      setError(null);
      const sent = await requestCode(area, phone);
      setWait(sent.retryAfterSeconds);
      if (sent.devCode) {
        setDevCode(sent.devCode);
        form.setFieldValue('code', sent.devCode);
      }
    } catch (err) {
      if (err instanceof Error) setError(errorText(t, err));
    }
  };

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      await logIn(area, config.data?.operator ?? values.operator ?? '', values.phone, values.code);
    } catch (err) {
      setError(errorText(t, err));
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f6f8' }}>
      <Card style={{ width: 380 }} title={title} extra={<LanguageSelect />}>
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          {config.isSuccess && !config.data.operator && (
            <Form.Item name="operator" label={t('login.operator')} rules={[zodRule(auth.Login.shape.operator, t)]}>
              <Input placeholder="linli-demo" data-testid="login-operator" />
            </Form.Item>
          )}
          <Form.Item name="phone" label={t('login.phone')} rules={[zodRule(auth.Login.shape.phone, t)]}>
            <Input maxLength={11} placeholder={t('login.phonePlaceholder')} data-testid="login-phone" />
          </Form.Item>
          <Form.Item label={t('login.code')} required>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="code" noStyle rules={[zodRule(auth.Login.shape.code, t)]}>
                <Input maxLength={6} placeholder={t('login.codePlaceholder')} data-testid="login-code" />
              </Form.Item>
              <Button onClick={sendCode} disabled={wait > 0} data-testid="login-send-code">
                {wait > 0 ? t('login.resendIn', { seconds: wait }) : t('login.sendCode')}
              </Button>
            </Space.Compact>
          </Form.Item>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('login.submit')}
          </Button>
          {devCode && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, textAlign: 'center' }} data-testid="login-dev-code">
              {t('login.devCode', { code: devCode })}
            </Typography.Paragraph>
          )}
        </Form>
      </Card>
    </div>
  );
}
