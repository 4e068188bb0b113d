import { admin } from '@linli/contracts';
import { StaffRole } from '@linli/contracts/common';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { errorText } from '../../../common/i18n.ts';
import { zodRule } from '../../../common/validation.ts';
import { api } from '../api.ts';
import './locales.ts';

type Staff = z.infer<typeof admin.Staff>;
interface Values {
  name: string;
  phone: string;
  roles: z.infer<typeof StaffRole>[];
}

/** Adds a staff member (phone, name, roles), or changes an existing one's name and roles. */
export function StaffForm({ editing, open, onClose }: { editing: Staff | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation(['staff', 'admin', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (v: Values) =>
      editing
        ? api.patch<Staff>(`admin/staff/${editing.id}`, { name: v.name, roles: v.roles })
        : api.post<Staff>('admin/staff', { phone: v.phone, name: v.name, roles: v.roles }),
    onSuccess: (s) => {
      message.success(editing ? t('rolesSaved', { name: s.name }) : t('created', { name: s.name }));
      void client.invalidateQueries({ queryKey: ['admin-staff'] });
      onClose();
    },
    onError: (err) => message.error(errorText(t, err)),
  });
  const roleOptions = StaffRole.options.map((r) => ({ value: r, label: t(`admin:roles.${r}`) }));
  return (
    <Modal
      open={open}
      title={editing ? t('editTitle', { name: editing.name }) : t('add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common:save')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'staff-save' }}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={editing ? { name: editing.name, phone: editing.phone, roles: editing.roles } : { roles: [] }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="phone" label={t('phone')} rules={editing ? [] : [zodRule(admin.CreateStaff.shape.phone, t)]}>
          <Input maxLength={11} disabled={!!editing} data-testid="staff-phone" />
        </Form.Item>
        <Form.Item name="name" label={t('name')} rules={[zodRule(admin.CreateStaff.shape.name, t)]}>
          <Input maxLength={100} data-testid="staff-name-input" />
        </Form.Item>
        <Form.Item name="roles" label={t('roles')} rules={[zodRule(admin.CreateStaff.shape.roles, t)]}>
          <Select
            mode="multiple"
            options={roleOptions}
            placeholder={t('rolesPlaceholder')}
            optionRender={(o) => (
              <span>
                {o.label}{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`roleHelp.${o.value}`)}
                </Typography.Text>
              </span>
            )}
            data-testid="staff-roles"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
