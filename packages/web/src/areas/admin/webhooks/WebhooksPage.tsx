import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { api } from '../api.ts';
import { DeliveriesDrawer } from './DeliveriesDrawer.tsx';
import { EndpointForm } from './EndpointForm.tsx';
import { SecretModal } from './SecretModal.tsx';
import { type Endpoint, statusColor } from './types.ts';
import './locales.ts';

/** The operator's webhook endpoints: add, edit types, switch on and off, rotate the secret, test, see deliveries. */
export default function WebhooksPage() {
  const { t } = useTranslation(['webhooks', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form, setForm] = useState<{ open: boolean; editing: Endpoint | null }>({ open: false, editing: null });
  const [secret, setSecret] = useState<string | null>(null);
  const [log, setLog] = useState<Endpoint | null>(null);
  const list = useQuery({ queryKey: ['admin-webhooks'], queryFn: () => api.get<{ items: Endpoint[] }>('admin/webhooks') });
  const refresh = () => void client.invalidateQueries({ queryKey: ['admin-webhooks'] });
  const onError = (err: unknown) => message.error(errorText(t, err));

  const setActive = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) => api.patch<Endpoint>(`admin/webhooks/${id}`, { active }),
    onSuccess: refresh,
    onError,
  });
  const rotate = useMutation({
    mutationFn: (id: string) => api.post<{ id: string; secret: string }>(`admin/webhooks/${id}/rotate-secret`),
    onSuccess: (r) => setSecret(r.secret),
    onError,
  });
  const test = useMutation({
    mutationFn: (id: string) => api.post<{ id: string }>(`admin/webhooks/${id}/test`),
    onSuccess: () => {
      message.success(t('testSent'));
      refresh();
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.delete<null>(`admin/webhooks/${id}`),
    onSuccess: () => {
      message.success(t('removed'));
      refresh();
    },
    onError,
  });

  const columns: ColumnsType<Endpoint> = [
    {
      title: t('url'),
      dataIndex: 'url',
      render: (url: string, e) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text copyable>{url}</Typography.Text>
          {e.description && <Typography.Text type="secondary">{e.description}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t('eventTypes'),
      dataIndex: 'eventTypes',
      render: (types: string[]) => types.map((type) => <Tag key={type}>{type === '*' ? t('allTypes') : type}</Tag>),
    },
    {
      title: t('active'),
      dataIndex: 'active',
      width: 90,
      render: (active: boolean, e) => (
        <Switch
          checked={active}
          loading={setActive.isPending && setActive.variables?.id === e.id}
          onChange={(on) => setActive.mutate({ id: e.id, active: on })}
          data-testid="webhook-active"
        />
      ),
    },
    {
      title: t('lastDelivery'),
      dataIndex: 'lastDelivery',
      width: 220,
      render: (last: Endpoint['lastDelivery']) =>
        last ? (
          <Space size={4} wrap>
            <Tag color={statusColor[last.status]}>{t(`status.${last.status}`)}</Tag>
            {last.lastStatusCode !== null && <Typography.Text type="secondary">{last.lastStatusCode}</Typography.Text>}
            <Typography.Text type="secondary">{dateTime(last.at)}</Typography.Text>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('never')}</Typography.Text>
        ),
    },
    {
      title: t('common:actions'),
      key: 'actions',
      width: 340,
      render: (_, e) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setForm({ open: true, editing: e })} data-testid="webhook-edit">
            {t('edit')}
          </Button>
          <Button type="link" size="small" onClick={() => test.mutate(e.id)} data-testid="webhook-test">
            {t('test')}
          </Button>
          <Button type="link" size="small" onClick={() => setLog(e)} data-testid="webhook-deliveries">
            {t('deliveries')}
          </Button>
          <Popconfirm title={t('rotateConfirm')} onConfirm={() => rotate.mutate(e.id)}>
            <Button type="link" size="small" data-testid="webhook-rotate">
              {t('rotate')}
            </Button>
          </Popconfirm>
          <Popconfirm title={t('removeConfirm')} onConfirm={() => remove.mutate(e.id)}>
            <Button type="link" size="small" danger data-testid="webhook-remove">
              {t('remove')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ open: true, editing: null })} data-testid="webhook-create">
          {t('add')}
        </Button>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('hint')}</Typography.Text>
        <Table<Endpoint>
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          columns={columns}
          pagination={false}
          onRow={(e) => ({ 'data-testid': 'webhook-row', 'data-id': e.id }) as React.HTMLAttributes<HTMLElement>}
        />
      </Space>
      <EndpointForm
        open={form.open}
        editing={form.editing}
        onClose={() => setForm({ open: false, editing: null })}
        onCreated={(created) => setSecret(created.secret)}
      />
      <SecretModal secret={secret} onClose={() => setSecret(null)} />
      <DeliveriesDrawer endpoint={log} onClose={() => setLog(null)} />
    </Card>
  );
}
