import { PlusOutlined } from '@ant-design/icons';
import type { admin } from '@linli/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Segmented, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { dateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { useSession } from '../../../common/useSession.ts';
import { ListTable } from '../../../desktop/ListTable.tsx';
import { useServerTable } from '../../../desktop/useServerTable.ts';
import { api } from '../api.ts';
import { StaffForm } from './StaffForm.tsx';
import './locales.ts';

type Staff = z.infer<typeof admin.Staff>;
type Show = 'active' | 'inactive' | 'all';

/** The operator's staff: who may use the desk and with which roles; add, change roles, deactivate. */
export default function StaffPage() {
  const { t } = useTranslation(['staff', 'admin', 'common']);
  const { message } = App.useApp();
  const me = useSession('admin')?.principal.id;
  const client = useQueryClient();
  const [show, setShow] = useState<Show>('active');
  const [form, setForm] = useState<{ open: boolean; editing: Staff | null }>({ open: false, editing: null });
  const filters = { active: show === 'all' ? undefined : show === 'active' ? 'true' : 'false' };
  const { query, tableProps } = useServerTable<Staff, typeof filters>('admin-staff', filters, (q) =>
    api.get<Page<Staff>>('admin/staff', q),
  );
  const setActive = useMutation({
    mutationFn: ({ staff, active }: { staff: Staff; active: boolean }) => api.patch<Staff>(`admin/staff/${staff.id}`, { active }),
    onSuccess: (s) => {
      message.success(t(s.active ? 'reactivated' : 'deactivated', { name: s.name }));
      void client.invalidateQueries({ queryKey: ['admin-staff'] });
    },
    onError: (err) => message.error(errorText(t, err)),
  });

  const columns: ColumnsType<Staff> = [
    {
      title: t('name'),
      dataIndex: 'name',
      render: (name: string, s) => (
        <Space size={4}>
          {name}
          {s.id === me && <Tag>{t('you')}</Tag>}
        </Space>
      ),
    },
    { title: t('phone'), dataIndex: 'phone', width: 140 },
    {
      title: t('roles'),
      dataIndex: 'roles',
      render: (roles: Staff['roles']) =>
        roles.map((r) => (
          <Tag key={r} color={r === 'admin' ? 'orange' : 'blue'}>
            {t(`admin:roles.${r}`)}
          </Tag>
        )),
    },
    {
      title: t('common:status'),
      dataIndex: 'active',
      width: 100,
      render: (active: boolean) => (active ? <Tag color="green">{t('active')}</Tag> : <Tag>{t('inactive')}</Tag>),
    },
    { title: t('createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => dateTime(v) },
    {
      title: t('common:actions'),
      key: 'actions',
      width: 200,
      render: (_, s) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setForm({ open: true, editing: s })} data-testid="staff-edit">
            {t('changeRoles')}
          </Button>
          {s.active ? (
            <Popconfirm
              title={t('deactivateConfirm', { name: s.name })}
              onConfirm={() => setActive.mutate({ staff: s, active: false })}
              disabled={s.id === me}
            >
              <Button type="link" size="small" danger disabled={s.id === me} data-testid="staff-deactivate">
                {t('deactivate')}
              </Button>
            </Popconfirm>
          ) : (
            <Button type="link" size="small" onClick={() => setActive.mutate({ staff: s, active: true })} data-testid="staff-reactivate">
              {t('reactivate')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ open: true, editing: null })} data-testid="staff-create">
          {t('add')}
        </Button>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('hint')}</Typography.Text>
        <Segmented<Show>
          value={show}
          onChange={setShow}
          options={(['active', 'inactive', 'all'] as const).map((v) => ({ value: v, label: t(`show.${v}`) }))}
          data-testid="staff-filter"
        />
        <ListTable<Staff> table={{ query, tableProps }} columns={columns} row={(s) => ({ 'data-testid': 'staff-row', 'data-id': s.id })} />
      </Space>
      <StaffForm open={form.open} editing={form.editing} onClose={() => setForm({ open: false, editing: null })} />
    </Card>
  );
}
