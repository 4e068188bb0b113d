import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../../common/api.ts';
import { dateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { ListTable } from '../../../desktop/ListTable.tsx';
import { useServerTable } from '../../../desktop/useServerTable.ts';
import { api } from '../api.ts';
import { type Delivery, type Endpoint, statusColor } from './types.ts';
import './locales.ts';

/** An endpoint's delivery log, newest first, with a replay per delivery. */
export function DeliveriesDrawer({ endpoint, onClose }: { endpoint: Endpoint | null; onClose: () => void }) {
  const { t } = useTranslation(['webhooks', 'common']);
  const { message } = App.useApp();
  const client = useQueryClient();
  const filters = { endpoint: endpoint?.id ?? '' };
  const { query, tableProps } = useServerTable<Delivery, typeof filters>('admin-webhook-deliveries', filters, (q) =>
    endpoint
      ? api.get<Page<Delivery>>(`admin/webhooks/${endpoint.id}/deliveries`, { page: q.page, pageSize: q.pageSize })
      : Promise.resolve({ items: [], page: 1, pageSize: 20, total: 0 }),
  );
  const replay = useMutation({
    mutationFn: (d: Delivery) => api.post<{ id: string }>(`admin/webhooks/deliveries/${d.id}/replay`),
    onSuccess: () => {
      message.success(t('replayed'));
      void client.invalidateQueries({ queryKey: ['admin-webhook-deliveries'] });
    },
    onError: (err) => message.error(errorText(t, err)),
  });
  const columns: ColumnsType<Delivery> = [
    { title: t('createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => dateTime(v) },
    {
      title: t('eventType'),
      dataIndex: 'eventType',
      render: (type: string, d) => (
        <>
          <Typography.Text code>{type}</Typography.Text>
          {d.replayOf && <Tag>{t('replayOf')}</Tag>}
        </>
      ),
    },
    {
      title: t('common:status'),
      dataIndex: 'status',
      width: 100,
      render: (s: Delivery['status']) => <Tag color={statusColor[s]}>{t(`status.${s}`)}</Tag>,
    },
    { title: t('attempts'), dataIndex: 'attempts', width: 90 },
    {
      title: t('statusCode'),
      dataIndex: 'lastStatusCode',
      width: 90,
      render: (code: number | null, d) => (
        <Tooltip title={[d.lastError, d.lastResponse].filter(Boolean).join(' — ') || undefined}>{code ?? (d.lastError ? '—' : '')}</Tooltip>
      ),
    },
    {
      title: t('nextAttempt'),
      dataIndex: 'nextAttemptAt',
      width: 160,
      render: (v: string | null) => (v ? dateTime(v) : ''),
    },
    {
      title: t('common:actions'),
      key: 'actions',
      width: 110,
      render: (_, d) => (
        <Button type="link" size="small" onClick={() => replay.mutate(d)} loading={replay.isPending} data-testid="webhook-replay">
          {t('replay')}
        </Button>
      ),
    },
  ];
  return (
    <Drawer open={!!endpoint} onClose={onClose} size={960} title={`${t('deliveries')}: ${endpoint?.url ?? ''}`} destroyOnHidden>
      <ListTable<Delivery>
        table={{ query, tableProps }}
        columns={columns}
        row={(d) => ({ 'data-testid': 'webhook-delivery-row', 'data-id': d.id })}
      />
    </Drawer>
  );
}
