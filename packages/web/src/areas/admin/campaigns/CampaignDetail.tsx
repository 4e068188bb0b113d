import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Progress, Row, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { dateTime, yuan } from '../../../common/format.ts';
import { RetryAlert } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { CampaignActions } from './CampaignActions.tsx';
import { HelpSellCard } from './HelpSellCard.tsx';
import type { Campaign } from './editRules.ts';
import { StatusTag } from './StatusTag.tsx';
import './locales.ts';

type Line = Campaign['lines'][number];

/** Units ordered and their value at group price, over all lines. */
export function campaignTotals(c: Pick<Campaign, 'lines' | 'minTotalQuantity'>) {
  const units = c.lines.reduce((n, l) => n + l.reserved, 0);
  const salesFen = c.lines.reduce((n, l) => n + l.reserved * l.groupPriceFen, 0);
  const percent = c.minTotalQuantity > 0 ? Math.min(100, Math.floor((units / c.minTotalQuantity) * 100)) : null;
  return { units, salesFen, percent };
}

/** /campaigns/:id: the campaign, its lines with what has sold, and what can be done to it now. */
export function CampaignDetail() {
  const { t } = useTranslation(['campaigns', 'common']);
  const navigate = useNavigate();
  const { id } = useParams();
  const query = useQuery({
    queryKey: ['admin-campaign', id],
    queryFn: () => api.get<Campaign>(`admin/campaigns/${id}`),
    refetchInterval: (q) => (q.state.data?.status === 'open' ? 30_000 : false),
  });
  if (query.isPending)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (query.isError) return <RetryAlert query={query} />;
  const c = query.data;
  const totals = campaignTotals(c);
  const columns: ColumnsType<Line> = [
    {
      title: t('line.product'),
      render: (_, l) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{l.productName}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${l.spec} / ${l.unit}`}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('line.listPrice'),
      dataIndex: 'listPriceFen',
      width: 100,
      align: 'right',
      render: (v: number) => (
        <Typography.Text delete type="secondary">
          {yuan(v)}
        </Typography.Text>
      ),
    },
    { title: t('line.groupPrice'), dataIndex: 'groupPriceFen', width: 120, align: 'right', render: (v: number) => yuan(v) },
    { title: t('line.stock'), dataIndex: 'stockTotal', width: 110, align: 'right', render: (v: number | null) => v ?? t('line.unlimited') },
    {
      title: t('line.reserved'),
      dataIndex: 'reserved',
      width: 90,
      align: 'right',
      render: (v: number) => <span data-testid="line-reserved">{v}</span>,
    },
    {
      title: t('line.left'),
      key: 'left',
      width: 160,
      render: (_, l) =>
        l.stockTotal === null ? (
          '—'
        ) : (
          <Progress
            percent={l.stockTotal ? Math.round((l.reserved / l.stockTotal) * 100) : 100}
            size="small"
            format={() => l.stockLeft ?? 0}
            status={l.stockLeft === 0 ? 'exception' : 'normal'}
          />
        ),
    },
    {
      title: t('line.limit'),
      dataIndex: 'perResidentLimit',
      width: 90,
      align: 'right',
      render: (v: number | null) => v ?? t('line.noLimit'),
    },
    { title: t('line.sales'), key: 'sales', width: 110, align: 'right', render: (_, l) => yuan(l.reserved * l.groupPriceFen) },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/campaigns')} aria-label={t('detail.backToList')} />
            <span data-testid="campaign-title-text">{c.title}</span>
            <StatusTag status={c.status} />
            {c.status === 'closed' && totals.percent !== null && totals.percent < 100 && (
              <Tag color="red" data-testid="campaign-failed">
                {t('detail.failed')}
              </Tag>
            )}
          </Space>
        }
        extra={<CampaignActions campaign={c} />}
      >
        <Row gutter={24} style={{ marginBottom: 16 }}>
          <Col span={6}>
            <Statistic title={t('detail.reservedTotal')} value={totals.units} />
          </Col>
          <Col span={6}>
            <Statistic title={t('detail.salesTotal')} value={yuan(totals.salesFen)} />
          </Col>
          <Col span={12}>
            <Typography.Text type="secondary">{t('detail.progress')}</Typography.Text>
            {totals.percent === null ? (
              <div style={{ marginTop: 8 }}>{t('detail.noMin')}</div>
            ) : (
              <Progress
                percent={totals.percent}
                format={() => `${totals.units} / ${c.minTotalQuantity}`}
                status={c.status === 'closed' && totals.percent < 100 ? 'exception' : undefined}
              />
            )}
          </Col>
        </Row>
        <Descriptions size="small" column={3} bordered>
          <Descriptions.Item label={t('col.opensAt')}>{dateTime(c.opensAt)}</Descriptions.Item>
          <Descriptions.Item label={t('col.cutoffAt')}>{dateTime(c.cutoffAt)}</Descriptions.Item>
          <Descriptions.Item label={t('col.pickupDate')}>{c.pickupDate}</Descriptions.Item>
          <Descriptions.Item label={t('col.scope')}>
            {c.leaderScope === 'all' ? t('scopeAll') : t('scopeSome', { count: c.leaderScope.length })}
          </Descriptions.Item>
          <Descriptions.Item label={t('col.min')}>{c.minTotalQuantity || t('detail.noMin')}</Descriptions.Item>
          <Descriptions.Item label={t('detail.createdAt')}>{dateTime(c.createdAt)}</Descriptions.Item>
          {c.description ? (
            <Descriptions.Item label={t('field.description')} span={3}>
              {c.description}
            </Descriptions.Item>
          ) : null}
          {c.closedAt && <Descriptions.Item label={t('detail.closedAt')}>{dateTime(c.closedAt)}</Descriptions.Item>}
          {c.cancelledAt && <Descriptions.Item label={t('detail.cancelledAt')}>{dateTime(c.cancelledAt)}</Descriptions.Item>}
          {c.cancelReason && <Descriptions.Item label={t('detail.cancelReason')}>{c.cancelReason}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <HelpSellCard campaign={c} />
      <Card title={t('detail.lines')}>
        <Table<Line>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={c.lines}
          pagination={false}
          onRow={(l) => ({ 'data-testid': 'campaign-line-row', 'data-sku': l.skuId }) as HTMLAttributes<HTMLElement>}
        />
      </Card>
    </Space>
  );
}
