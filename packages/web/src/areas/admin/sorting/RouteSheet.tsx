import type * as logistics from '@linli/contracts/logistics';
import { Card, Col, Row, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { colorFor } from '../../../common/map/geometry.ts';

export type SortingSheet = z.infer<typeof logistics.SortingSheet>;
export type SheetRoute = SortingSheet['routes'][number];
export type Bundle = z.infer<typeof logistics.SortingBundle>;
export type BundleLine = z.infer<typeof logistics.BundleLine>;

export const unitsOf = (lines: readonly BundleLine[]) => lines.reduce((s, l) => s + l.quantity, 0);

/** One route's sheets: what to pull per item, and the bundles per pickup point in loading order. */
export function RouteSheet({ route }: { route: SheetRoute }) {
  const { t } = useTranslation('sorting');
  const bundleColumns: ColumnsType<Bundle> = [
    { title: t('col.loading'), dataIndex: 'loadingPosition', width: 64, align: 'right' },
    { title: t('col.stop'), dataIndex: 'stopSeq', width: 56, align: 'right', render: (v: number | null) => v ?? '—' },
    { title: t('col.point'), dataIndex: 'pickupPointName', ellipsis: true },
    { title: t('col.crates'), dataIndex: 'crates', width: 64, align: 'right' },
    { title: t('col.items'), key: 'items', width: 64, align: 'right', render: (_, b) => b.lines.length },
    { title: t('col.units'), key: 'units', width: 72, align: 'right', render: (_, b) => unitsOf(b.lines) },
  ];
  const lineColumns: ColumnsType<BundleLine> = [
    { title: t('col.sku'), dataIndex: 'title', ellipsis: true },
    { title: t('col.quantity'), dataIndex: 'quantity', width: 90, align: 'right' },
  ];
  const title =
    route.routeNo === null ? (
      <Tag color="warning">{t('unroutedGroup')}</Tag>
    ) : (
      <Tag color={colorFor(route.routeNo - 1)} style={{ fontSize: 14, padding: '2px 10px' }}>
        {t('route', { no: route.routeNo })}
      </Tag>
    );
  const crates = route.bundles.reduce((s, b) => s + b.crates, 0);
  return (
    <Card
      size="small"
      title={title}
      extra={
        <Typography.Text type="secondary">
          {t('stats.points')} {route.bundles.length} · {t('stats.crates')} {crates} · {t('stats.units')} {unitsOf(route.picks)}
        </Typography.Text>
      }
      data-testid="sorting-route"
    >
      <Row gutter={16}>
        <Col span={15}>
          <Typography.Text strong>{t('bundles')}</Typography.Text>
          <Table<Bundle>
            rowKey="bundleId"
            size="small"
            columns={bundleColumns}
            dataSource={route.bundles}
            pagination={route.bundles.length > 30 ? { pageSize: 30, size: 'small' } : false}
            expandable={{
              expandedRowRender: (b) => (
                <>
                  <Typography.Text type="secondary" copyable style={{ fontSize: 12 }}>
                    {b.bundleId}
                  </Typography.Text>
                  <Table<BundleLine> rowKey="skuId" size="small" columns={lineColumns} dataSource={b.lines} pagination={false} />
                </>
              ),
            }}
            onRow={() => ({ 'data-testid': 'sorting-bundle' }) as HTMLAttributes<HTMLElement>}
            style={{ marginTop: 8 }}
          />
        </Col>
        <Col span={9}>
          <Typography.Text strong>{t('picks')}</Typography.Text>
          <Table<BundleLine>
            rowKey="skuId"
            size="small"
            columns={lineColumns}
            dataSource={route.picks}
            pagination={route.picks.length > 30 ? { pageSize: 30, size: 'small' } : false}
            style={{ marginTop: 8 }}
          />
        </Col>
      </Row>
    </Card>
  );
}
