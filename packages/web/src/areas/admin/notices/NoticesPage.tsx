import { notices } from '@linli/contracts';
import { useQuery } from '@tanstack/react-query';
import { Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { dateTime } from '../../../common/format.ts';
import { api } from '../api.ts';
import './locales.ts';

type Notice = z.infer<typeof notices.NoticeMessage>;
type Status = Notice['status'];
type Kind = Notice['kind'];

const statusColor: Record<Status, string> = { pending: 'processing', sent: 'success', failed: 'error', skipped: 'default' };
const KINDS = notices.NoticeKind.options;
const STATUSES = notices.NoticeStatus.options;

/** The delivery log of notices outside the app: what went to whom, by which channel, and what happened. */
export default function NoticesPage() {
  const { t } = useTranslation(['notices', 'common']);
  const [status, setStatus] = useState<Status | undefined>();
  const [kind, setKind] = useState<Kind | undefined>();
  const [orderId, setOrderId] = useState('');
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const list = useQuery({
    queryKey: ['admin-notices', status, kind, orderId, paging],
    queryFn: () => api.get<Page<Notice>>('admin/notices', { status, kind, orderId: orderId || undefined, ...paging }),
  });
  const columns: ColumnsType<Notice> = [
    { title: t('createdAt'), dataIndex: 'createdAt', render: (v: string) => dateTime(v), width: 160 },
    {
      title: t('kind'),
      dataIndex: 'kind',
      render: (k: Kind, n) => (
        <Space orientation="vertical" size={0}>
          {t(`kinds.${k}`)}
          {n.requestedBy && <Typography.Text type="secondary">{t('byLeader')}</Typography.Text>}
        </Space>
      ),
    },
    { title: t('recipient'), dataIndex: 'recipientId' },
    {
      title: t('content'),
      dataIndex: 'params',
      render: (p: Record<string, string>) => Object.values(p).filter(Boolean).join(' · '),
    },
    { title: t('channel'), dataIndex: 'channel', render: (c: Notice['channel']) => (c ? t(`channels.${c}`) : '—') },
    {
      title: t('status'),
      dataIndex: 'status',
      render: (s: Status, n) => (
        <Space orientation="vertical" size={0}>
          <Tag color={statusColor[s]} data-testid="notice-status">
            {t(`statuses.${s}`)}
          </Tag>
          {n.nextAttemptAt && <Typography.Text type="secondary">{t('next', { time: dateTime(n.nextAttemptAt) })}</Typography.Text>}
          {n.lastError && <Typography.Text type="secondary">{n.lastError}</Typography.Text>}
        </Space>
      ),
    },
    { title: t('attempts'), dataIndex: 'attempts', width: 90 },
    { title: t('sentAt'), dataIndex: 'sentAt', render: (v: string | null) => (v ? dateTime(v) : '—'), width: 160 },
  ];
  return (
    <Card title={t('title')}>
      <Typography.Paragraph type="secondary">{t('hint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<Kind>
          allowClear
          placeholder={t('kind')}
          style={{ width: 160 }}
          value={kind}
          onChange={(v) => {
            setKind(v);
            setPaging((p) => ({ ...p, page: 1 }));
          }}
          options={KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
        />
        <Select<Status>
          allowClear
          placeholder={t('status')}
          style={{ width: 140 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPaging((p) => ({ ...p, page: 1 }));
          }}
          options={STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
        />
        <Input.Search
          allowClear
          placeholder={t('orderFilter')}
          style={{ width: 260 }}
          onSearch={(v) => {
            setOrderId(v.trim());
            setPaging((p) => ({ ...p, page: 1 }));
          }}
        />
      </Space>
      <Table<Notice>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        data-testid="notices-table"
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: list.data?.total ?? 0,
          onChange: (page, pageSize) => setPaging({ page, pageSize }),
        }}
      />
    </Card>
  );
}
