import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { admin } from '@linli/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Space, Switch, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { dateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { zodRule } from '../../../common/validation.ts';
import { ListTable } from '../../../desktop/ListTable.tsx';
import { useServerTable } from '../../../desktop/useServerTable.ts';
import { api } from '../api.ts';
import { useDebounced } from './lookups.tsx';
import './locales.ts';

type Supplier = z.infer<typeof admin.Supplier>;
interface Values {
  name: string;
  contactName?: string;
  phone: string;
  active?: boolean;
}

function SupplierForm({ editing, open, onClose }: { editing: Supplier | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation(['catalog', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = { name: v.name, contactName: v.contactName ?? '', phone: v.phone };
      return editing
        ? api.patch<Supplier>(`admin/suppliers/${editing.id}`, { ...body, active: v.active })
        : api.post<Supplier>('admin/suppliers', body);
    },
    onSuccess: (s) => {
      message.success(t('supplier.saved', { name: s.name }));
      client.setQueryData(['admin-supplier', s.id], s);
      void client.invalidateQueries({ queryKey: ['admin-suppliers'] });
      onClose();
    },
    onError: (err) => message.error(errorText(t, err)),
  });
  const shape = admin.CreateSupplier.shape;
  return (
    <Modal
      open={open}
      title={editing ? t('supplier.edit') : t('supplier.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common:save')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'supplier-save' }}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" preserve={false} initialValues={editing ?? {}} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="name" label={t('supplier.name')} rules={[zodRule(shape.name, t)]}>
          <Input maxLength={100} data-testid="supplier-name" />
        </Form.Item>
        <Form.Item name="contactName" label={t('supplier.contactName')} rules={[zodRule(shape.contactName, t)]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="phone" label={t('supplier.phone')} extra={t('supplier.phoneHelp')} rules={[zodRule(shape.phone, t)]}>
          <Input maxLength={11} data-testid="supplier-phone" />
        </Form.Item>
        {editing && (
          <Form.Item name="active" label={t('supplier.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** Suppliers paged and searched by name on the server; create and edit (a supplier's phone is its login). */
export function SuppliersTab() {
  const { t } = useTranslation(['catalog', 'common']);
  const [name, setName] = useState('');
  const [form, setForm] = useState<{ open: boolean; editing: Supplier | null }>({ open: false, editing: null });
  const filters = { name: useDebounced(name.trim()) || undefined };
  const { query, tableProps } = useServerTable<Supplier, typeof filters>('admin-suppliers', filters, (q) =>
    api.get<Page<Supplier>>('admin/suppliers', q),
  );
  const columns: ColumnsType<Supplier> = [
    { title: t('supplier.name'), dataIndex: 'name' },
    { title: t('supplier.contactName'), dataIndex: 'contactName', width: 140 },
    { title: t('supplier.phone'), dataIndex: 'phone', width: 140 },
    {
      title: t('common:status'),
      dataIndex: 'active',
      width: 100,
      render: (v: boolean) => (v ? <Tag color="green">{t('supplier.active')}</Tag> : <Tag>{t('supplier.inactive')}</Tag>),
    },
    { title: t('supplier.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => dateTime(v) },
    {
      title: t('common:actions'),
      key: 'actions',
      width: 90,
      render: (_, s) => (
        <Button type="link" size="small" onClick={() => setForm({ open: true, editing: s })} data-testid="supplier-edit">
          {t('common:edit')}
        </Button>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('supplier.searchName')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          style={{ width: 240 }}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ open: true, editing: null })} data-testid="supplier-create">
          {t('supplier.create')}
        </Button>
      </Space>
      <ListTable<Supplier>
        table={{ query, tableProps }}
        columns={columns}
        row={(s) => ({ 'data-testid': 'supplier-row', 'data-id': s.id })}
      />
      <SupplierForm open={form.open} editing={form.editing} onClose={() => setForm({ open: false, editing: null })} />
    </Space>
  );
}
