import { Alert, Button, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import './locales.ts';

/** Shows a signing secret, this once, with a copy button and a warning. */
export function SecretModal({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  const { t } = useTranslation(['webhooks']);
  return (
    <Modal
      open={secret !== null}
      title={t('secretTitle')}
      closable={false}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="webhook-secret-done">
          {t('secretDone')}
        </Button>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Alert type="warning" showIcon title={t('secretWarning')} />
        <Typography.Paragraph code copyable={{ text: secret ?? '' }} style={{ wordBreak: 'break-all' }} data-testid="webhook-secret">
          {secret}
        </Typography.Paragraph>
      </Space>
    </Modal>
  );
}
