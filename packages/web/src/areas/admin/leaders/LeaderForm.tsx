import { admin } from '@linli/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { errorText } from '../../../common/i18n.ts';
import { zodRule } from '../../../common/validation.ts';
import { api } from '../api.ts';
import './locales.ts';

type Leader = z.infer<typeof admin.Leader>;
interface Values {
  phone: string;
  name: string;
  level: number;
}

/** Registers a leader (phone, name, level), or renames and re-levels one. */
export function LeaderForm({
  editing,
  open,
  onClose,
  onSaved,
}: {
  editing: Leader | null;
  open: boolean;
  onClose: () => void;
  onSaved?: (l: Leader) => void;
}) {
  const { t } = useTranslation(['leaders', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (v: Values) =>
      editing ? api.patch<Leader>(`admin/leaders/${editing.id}`, { name: v.name, level: v.level }) : api.post<Leader>('admin/leaders', v),
    onSuccess: (l) => {
      message.success(t(editing ? 'saved' : 'registered', { name: l.name }));
      void client.invalidateQueries({ queryKey: ['admin-leaders'] });
      void client.invalidateQueries({ queryKey: ['admin-leader', l.id] });
      onSaved?.(l);
      onClose();
    },
    onError: (err) => message.error(errorText(t, err)),
  });
  const shape = admin.CreateLeader.shape;
  return (
    <Modal
      open={open}
      title={editing ? t('edit') : t('register')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common:save')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'leader-save' }}
      destroyOnHidden
    >
      {!editing && <Typography.Paragraph type="secondary">{t('registerHint')}</Typography.Paragraph>}
      <Form<Values> form={form} layout="vertical" preserve={false} initialValues={editing ?? { level: 1 }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="phone" label={t('phone')} rules={editing ? [] : [zodRule(shape.phone, t)]}>
          <Input maxLength={11} disabled={!!editing} data-testid="leader-phone" />
        </Form.Item>
        <Form.Item name="name" label={t('name')} rules={[zodRule(shape.name, t)]}>
          <Input maxLength={100} data-testid="leader-name" />
        </Form.Item>
        <Form.Item name="level" label={t('level')} rules={[zodRule(shape.level, t)]}>
          <InputNumber min={1} max={100} precision={0} data-testid="leader-level" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
