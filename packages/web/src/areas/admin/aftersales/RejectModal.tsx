import * as aftersales from '@linli/contracts/aftersales';
import { useMutation } from '@tanstack/react-query';
import type { ButtonProps } from 'antd';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../common/i18n.ts';
import { zodRule } from '../../../common/validation.ts';
import { api } from '../api.ts';
import type { Claim } from './shared.tsx';

/** Rejects a claim with the reason the resident is told. */
export function RejectModal({ claim, onClose, onDone }: { claim: Claim; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('aftersales');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const reject = useMutation({
    mutationFn: (reason: string) => api.post<Claim>(`admin/aftersales/${claim.id}/reject`, { reason: reason.trim() }),
    onSuccess: () => {
      void message.success(t('reject.done'));
      onDone();
      onClose();
    },
  });
  return (
    <Modal
      open
      title={`${t('reject.title')} · ${claim.title}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('reject.submit')}
      okButtonProps={{ danger: true, loading: reject.isPending, 'data-testid': 'claim-reject-submit' } as ButtonProps}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => reject.mutate(v.reason)}>
        <Form.Item name="reason" label={t('reject.reason')} rules={[zodRule(aftersales.RejectClaim.shape.reason, t)]}>
          <Input.TextArea rows={3} maxLength={500} data-testid="claim-reject-reason" />
        </Form.Item>
      </Form>
      {reject.isError && <Alert type="error" showIcon title={errorText(t, reject.error)} />}
    </Modal>
  );
}
