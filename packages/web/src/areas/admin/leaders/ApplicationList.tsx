import type { applications } from '@linli/contracts';
import { Button, Segmented, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Page } from '../../../common/api.ts';
import { dateTime } from '../../../common/format.ts';
import { ListTable } from '../../../desktop/ListTable.tsx';
import { useServerTable } from '../../../desktop/useServerTable.ts';
import { api } from '../api.ts';
import { ApplicationDrawer } from './ApplicationDrawer.tsx';
import { ApplicationStatusTag, applicationsKey } from './applicationShared.tsx';

type Application = applications.AdminLeaderApplication;
type Show = 'all' | Application['status'];

/** Leader applications, newest first, paged and filtered by status on the server; one opens to review. */
export function ApplicationList() {
  const { t } = useTranslation(['leaderApplications', 'common']);
  const [show, setShow] = useState<Show>('pending');
  const [search, setSearch] = useSearchParams();
  const open = search.get('open');
  const filters = { status: show === 'all' ? undefined : show };
  const { query, tableProps } = useServerTable<Application, typeof filters>(applicationsKey, filters, (q) =>
    api.get<Page<Application>>('admin/leader-applications', q),
  );
  const view = (id: string | null) => setSearch(id ? { open: id } : {}, { replace: true });
  const columns: ColumnsType<Application> = [
    { title: t('createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => dateTime(v) },
    {
      title: t('applicant'),
      key: 'applicant',
      width: 170,
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <Typography.Link onClick={() => view(a.id)}>{a.name}</Typography.Link>
          <Typography.Text type="secondary">{a.phone}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('point'),
      key: 'point',
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <span>{a.pickupPoint.name}</span>
          <Typography.Text type="secondary">{a.pickupPoint.address}</Typography.Text>
        </Space>
      ),
    },
    { title: t('note'), dataIndex: 'note', ellipsis: true },
    {
      title: t('common:status'),
      dataIndex: 'status',
      width: 90,
      render: (s: Application['status']) => <ApplicationStatusTag status={s} />,
    },
    {
      title: t('decided'),
      key: 'decided',
      width: 170,
      render: (_, a) =>
        a.decidedAt ? (
          <Typography.Text type="secondary">
            {t('decidedBy', { name: a.decidedBy?.name ?? '', time: dateTime(a.decidedAt) })}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      title: t('common:actions'),
      key: 'actions',
      width: 90,
      render: (_, a) => (
        <Button type="link" size="small" onClick={() => view(a.id)} data-testid="application-view">
          {t('view')}
        </Button>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Segmented<Show>
        value={show}
        onChange={setShow}
        options={[
          { value: 'pending', label: t('status.pending') },
          { value: 'approved', label: t('status.approved') },
          { value: 'rejected', label: t('status.rejected') },
          { value: 'all', label: t('common:all') },
        ]}
        data-testid="application-status-filter"
      />
      <ListTable<Application>
        table={{ query, tableProps }}
        columns={columns}
        locale={{ emptyText: t('empty') }}
        row={(a) => ({ 'data-testid': 'application-row', 'data-id': a.id, 'data-status': a.status })}
      />
      <ApplicationDrawer id={open} onClose={() => view(null)} />
    </Space>
  );
}
