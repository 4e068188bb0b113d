import type { sms } from '@linli/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { dateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { api } from '../api.ts';
import './locales.ts';

type Settings = z.infer<typeof sms.SmsSettings>;
type KindSettings = Settings['kinds'][number];
type Message = z.infer<typeof sms.SmsMessage>;
type Status = Message['status'];
const statusColor: Record<Status, string> = { queued: 'default', sent: 'blue', delivered: 'green', failed: 'red' };

/** The operator's SMS templates per kind (over the installation's defaults) and the delivery log. */
export default function SmsPage() {
  const { t } = useTranslation(['sms', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const [editing, setEditing] = useState<KindSettings | null>(null);
  const [status, setStatus] = useState<Status | undefined>(undefined);
  const settings = useQuery({ queryKey: ['admin-sms-settings'], queryFn: () => api.get<Settings>('admin/sms/settings') });
  const log = useQuery({
    queryKey: ['admin-sms-messages', status],
    queryFn: () => api.get<{ items: Message[] }>('admin/sms/messages', status ? { status } : {}),
  });
  const onError = (err: unknown) => message.error(errorText(t, err));
  const saved = (s: Settings) => {
    client.setQueryData(['admin-sms-settings'], s);
    message.success(t('saved'));
    setEditing(null);
  };
  const put = useMutation({
    mutationFn: (v: { kind: string; templateCode: string; signName?: string; paramNames?: string[] }) =>
      api.put<Settings>(`admin/sms/templates/${v.kind}`, {
        templateCode: v.templateCode,
        signName: v.signName?.trim() ? v.signName.trim() : null,
        paramNames: v.paramNames?.length ? v.paramNames : null,
      }),
    onSuccess: saved,
    onError,
  });
  const reset = useMutation({
    mutationFn: (kind: string) => api.delete<Settings>(`admin/sms/templates/${kind}`),
    onSuccess: saved,
    onError,
  });
  const s = settings.data;
  const vendor = s && s.provider !== 'dev';
  const template = (x: KindSettings['operator']) =>
    x ? (
      <Space orientation="vertical" size={0}>
        <Typography.Text code>{x.templateCode}</Typography.Text>
        {x.signName && <Typography.Text type="secondary">【{x.signName}】</Typography.Text>}
        {x.paramNames && <Typography.Text type="secondary">{x.paramNames.join(', ')}</Typography.Text>}
      </Space>
    ) : (
      '—'
    );

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('templates')} loading={settings.isLoading}>
        <Typography.Paragraph type="secondary">{t('templatesHint')}</Typography.Paragraph>
        {s && (
          <Typography.Paragraph>
            {t('provider')}: <Tag>{s.provider}</Tag>
            {s.receiptPath && (
              <>
                <br />
                {t('receiptUrl')}:{' '}
                {s.receiptUrl ? <Typography.Text copyable>{s.receiptUrl}</Typography.Text> : `${t('receiptNoPublicUrl')} ${s.receiptPath}`}
              </>
            )}
          </Typography.Paragraph>
        )}
        {s && !vendor && <Typography.Paragraph>{t('devProvider')}</Typography.Paragraph>}
        <Table<KindSettings>
          rowKey="kind"
          size="small"
          pagination={false}
          dataSource={s?.kinds ?? []}
          data-testid="sms-templates"
          columns={[
            { title: t('kind'), dataIndex: 'kind', render: (k: string) => t(`kinds.${k}`) },
            { title: t('params'), dataIndex: 'params', render: (p: string[]) => p.join(', ') },
            { title: t('source.operator'), dataIndex: 'operator', render: template },
            { title: t('source.installation'), dataIndex: 'installation', render: template },
            {
              title: t('effective'),
              dataIndex: 'effective',
              render: (e: KindSettings['effective']) => <Tag color={e === 'none' ? 'red' : 'green'}>{t(`source.${e}`)}</Tag>,
            },
            {
              title: t('common:actions'),
              render: (_: unknown, k) =>
                vendor && (
                  <Space>
                    <Button size="small" onClick={() => setEditing(k)} data-testid="sms-edit">
                      {t('edit')}
                    </Button>
                    {k.operator && (
                      <Button size="small" onClick={() => reset.mutate(k.kind)}>
                        {t('reset')}
                      </Button>
                    )}
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <Card
        title={t('log')}
        extra={
          <Select<Status | undefined>
            allowClear
            placeholder={t('allStatuses')}
            style={{ width: 160 }}
            value={status}
            onChange={setStatus}
            options={(['queued', 'sent', 'delivered', 'failed'] as const).map((v) => ({ value: v, label: t(`status.${v}`) }))}
            data-testid="sms-status-filter"
          />
        }
      >
        <Table<Message>
          rowKey="id"
          size="small"
          loading={log.isLoading}
          dataSource={log.data?.items ?? []}
          data-testid="sms-log"
          columns={[
            { title: t('createdAt'), dataIndex: 'createdAt', render: (v: string) => dateTime(v) },
            { title: t('kind'), dataIndex: 'kind', render: (k: string) => t(`kinds.${k}`) },
            { title: t('phone'), dataIndex: 'phone' },
            { title: t('provider'), dataIndex: 'provider' },
            { title: t('common:status'), dataIndex: 'status', render: (v: Status) => <Tag color={statusColor[v]}>{t(`status.${v}`)}</Tag> },
            {
              title: t('error'),
              render: (_: unknown, m) =>
                m.errorCode ? <Typography.Text type="danger">{`${m.errorCode} ${m.errorMessage ?? ''}`}</Typography.Text> : null,
            },
          ]}
        />
      </Card>
      {editing && (
        <Modal open title={t(`kinds.${editing.kind}`)} onCancel={() => setEditing(null)} footer={null} destroyOnHidden>
          <Form
            layout="vertical"
            initialValues={{
              templateCode: editing.operator?.templateCode,
              signName: editing.operator?.signName ?? undefined,
              paramNames: editing.operator?.paramNames ?? undefined,
            }}
            onFinish={(v) => put.mutate({ kind: editing.kind, ...v })}
          >
            <Form.Item name="templateCode" label={t('templateCode')} rules={[{ required: true }]}>
              <Input placeholder={s?.provider === 'aliyun' ? 'SMS_123456789' : '1234567'} data-testid="sms-template-code" />
            </Form.Item>
            <Form.Item name="signName" label={t('signName')}>
              <Input placeholder={s?.installationSignName ?? t('signNamePlaceholder')} />
            </Form.Item>
            <Form.Item name="paramNames" label={t('paramOrder')} extra={t('paramOrderHint')}>
              <Select mode="multiple" options={editing.params.map((p) => ({ value: p, label: p }))} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={put.isPending} data-testid="sms-save">
              {t('common:save')}
            </Button>
          </Form>
        </Modal>
      )}
    </Space>
  );
}
