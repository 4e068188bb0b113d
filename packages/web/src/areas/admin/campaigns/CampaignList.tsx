import { PlusOutlined } from '@ant-design/icons';
import { admin } from '@linli/contracts';
import { Button, Card, DatePicker, Select, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { shortDateTime } from '../../../common/format.ts';
import { ListTable } from '../../../desktop/ListTable.tsx';
import { useServerTable } from '../../../desktop/useServerTable.ts';
import { api } from '../api.ts';
import type { CampaignStatus } from './editRules.ts';
import { StatusTag } from './StatusTag.tsx';
import './locales.ts';

type Summary = z.infer<typeof admin.CampaignSummary>;

/** Campaigns, latest pickup date first, paged and filtered (status, pickup date) on the server. */
export function CampaignList() {
  const { t } = useTranslation(['campaigns', 'common']);
  const navigate = useNavigate();
  const [status, setStatus] = useState<CampaignStatus>();
  const [pickupDate, setPickupDate] = useState<Dayjs | null>(null);
  const filters = { status, pickupDate: pickupDate?.format('YYYY-MM-DD') };
  const { query, tableProps } = useServerTable<Summary, typeof filters>('admin-campaigns', filters, (q) =>
    api.get<Page<Summary>>('admin/campaigns', q),
  );
  const columns: ColumnsType<Summary> = [
    {
      title: t('col.title'),
      dataIndex: 'title',
      render: (title: string, c) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/campaigns/${c.id}`}>{title}</Link>
          {c.description && (
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 360, fontSize: 12 }}>
              {c.description}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: t('col.status'), dataIndex: 'status', width: 90, render: (s: CampaignStatus) => <StatusTag status={s} /> },
    { title: t('col.opensAt'), dataIndex: 'opensAt', width: 120, render: (v: string) => shortDateTime(v) },
    { title: t('col.cutoffAt'), dataIndex: 'cutoffAt', width: 120, render: (v: string) => shortDateTime(v) },
    { title: t('col.pickupDate'), dataIndex: 'pickupDate', width: 110 },
    {
      title: t('col.scope'),
      dataIndex: 'leaderScope',
      width: 110,
      render: (s: Summary['leaderScope']) => (s === 'all' ? t('scopeAll') : t('scopeSome', { count: s.length })),
    },
    { title: t('col.min'), dataIndex: 'minTotalQuantity', width: 90, align: 'right', render: (v: number) => v || '—' },
    {
      title: t('common:actions'),
      key: 'actions',
      width: 120,
      render: (_, c) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => navigate(`/campaigns/${c.id}`)}>
            {t('view')}
          </Button>
          {(c.status === 'draft' || c.status === 'scheduled' || c.status === 'open') && (
            <Button type="link" size="small" onClick={() => navigate(`/campaigns/${c.id}/edit`)} data-testid="campaign-edit">
              {t('common:edit')}
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
        <Space>
          <Button onClick={() => navigate('/campaigns/proposals')} data-testid="campaign-proposals">
            {t('proposals.open')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/campaigns/new')} data-testid="campaign-create">
            {t('create')}
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap>
          <Select<CampaignStatus>
            allowClear
            placeholder={t('allStatus')}
            value={status}
            onChange={setStatus}
            style={{ width: 140 }}
            options={admin.CampaignStatus.options.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            data-testid="campaign-status-filter"
          />
          <DatePicker placeholder={t('pickupDateFilter')} value={pickupDate} onChange={setPickupDate} data-testid="campaign-date-filter" />
        </Space>
        <ListTable<Summary>
          table={{ query, tableProps }}
          columns={columns}
          row={(c) => ({ 'data-testid': 'campaign-row', 'data-id': c.id, 'data-status': c.status })}
        />
      </Space>
    </Card>
  );
}
