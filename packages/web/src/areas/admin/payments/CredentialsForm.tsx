import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Space } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCode, errorText } from '../../../common/i18n.ts';
import { ApiError } from '../../../common/api.ts';
import { api } from '../api.ts';
import { type CredentialsState, FIELDS, type Field, SETTINGS_PATH, type SetCredentials } from './types.ts';
import './locales.ts';

type Values = Record<Field, string | undefined>;

/** A PEM text area with a button that reads the key file instead of pasting it. */
function PemInput({ value, onChange, testId }: { value?: string; onChange?: (v: string) => void; testId: string }) {
  const { t } = useTranslation('payments');
  const file = useRef<HTMLInputElement>(null);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input.TextArea
        value={value}
        onChange={(e) => onChange?.(e.target.value)}
        rows={4}
        spellCheck={false}
        autoComplete="off"
        placeholder={t('pemPlaceholder')}
        style={{ fontFamily: 'monospace' }}
        data-testid={testId}
      />
      <input
        ref={file}
        type="file"
        accept=".pem,.key,.txt"
        hidden
        data-testid={`${testId}-file`}
        onChange={async (e) => {
          const chosen = e.target.files?.[0];
          if (chosen) onChange?.(await chosen.text());
          e.target.value = '';
        }}
      />
      <Button size="small" icon={<UploadOutlined />} onClick={() => file.current?.click()}>
        {t('upload')}
      </Button>
    </Space>
  );
}

/**
 * Sets or replaces the operator's WeChat Pay credentials. The secrets are never filled in: when
 * replacing, a secret left empty keeps the stored one. A refusal marks the field the server names.
 */
export function CredentialsForm({ state, open, onClose }: { state: CredentialsState; open: boolean; onClose: () => void }) {
  const { t } = useTranslation(['payments', 'common', 'errors']);
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const replacing = state.own !== null;
  const save = useMutation({
    mutationFn: (body: SetCredentials) => api.put<CredentialsState>(SETTINGS_PATH, body),
    onSuccess: (saved) => {
      client.setQueryData(['admin-payment-settings'], saved);
      message.success(t('saved'));
      onClose();
    },
    onError: (err) => {
      const field = err instanceof ApiError ? (err.details?.field as Field | undefined) : undefined;
      if (errorCode(err) === 'WECHATPAY_CREDENTIALS_INVALID' && field && FIELDS.includes(field)) {
        form.setFields([{ name: field, errors: [t(`invalid.${field}`)] }]);
      }
      message.error(errorText(t, err));
    },
  });
  const submit = (v: Values) => {
    const body: SetCredentials = {
      mchid: (v.mchid ?? '').trim(),
      appid: (v.appid ?? '').trim(),
      merchantSerial: (v.merchantSerial ?? '').trim(),
      publicKeyId: (v.publicKeyId ?? '').trim(),
      publicKeyPem: v.publicKeyPem ?? '',
      ...(v.privateKeyPem ? { privateKeyPem: v.privateKeyPem } : {}),
      ...(v.apiV3Key ? { apiV3Key: v.apiV3Key } : {}),
    };
    if (!replacing) return save.mutate(body);
    modal.confirm({ title: t('replaceTitle'), content: t('replaceConfirm'), onOk: () => save.mutate(body) });
  };
  const required = { required: true, message: t('required') };
  const secretRules = replacing ? [] : [required];
  return (
    <Modal
      open={open}
      title={replacing ? t('replaceTitle') : t('setUp')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common:save')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'wxpay-save' }}
      destroyOnHidden
      width={720}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        autoComplete="off"
        initialValues={
          state.own
            ? {
                mchid: state.own.mchid,
                appid: state.own.appid,
                merchantSerial: state.own.merchantSerial,
                publicKeyId: state.own.publicKeyId,
              }
            : {}
        }
        onFinish={submit}
      >
        <Space wrap size="middle" style={{ width: '100%' }}>
          <Form.Item name="mchid" label={t('mchid')} rules={[required]}>
            <Input maxLength={12} placeholder="1900000001" data-testid="wxpay-mchid" />
          </Form.Item>
          <Form.Item name="appid" label={t('appid')} rules={[required]}>
            <Input maxLength={18} placeholder="wx1234567890abcdef" data-testid="wxpay-appid" />
          </Form.Item>
        </Space>
        <Form.Item name="merchantSerial" label={t('merchantSerial')} rules={[required]}>
          <Input maxLength={64} data-testid="wxpay-serial" />
        </Form.Item>
        <Form.Item name="privateKeyPem" label={t('privateKeyPem')} rules={secretRules} extra={replacing ? t('keepSecret') : undefined}>
          <PemInput testId="wxpay-private-key" />
        </Form.Item>
        <Form.Item name="apiV3Key" label={t('apiV3Key')} rules={secretRules} extra={replacing ? t('keepSecret') : undefined}>
          <Input.Password autoComplete="new-password" visibilityToggle={false} maxLength={64} data-testid="wxpay-apiv3" />
        </Form.Item>
        <Form.Item name="publicKeyId" label={t('publicKeyId')} rules={[required]}>
          <Input maxLength={80} placeholder="PUB_KEY_ID_…" data-testid="wxpay-public-key-id" />
        </Form.Item>
        <Form.Item name="publicKeyPem" label={t('publicKeyPem')} rules={[required]}>
          <PemInput testId="wxpay-public-key" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
