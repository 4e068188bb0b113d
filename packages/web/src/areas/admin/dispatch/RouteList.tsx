import { LockOutlined } from '@ant-design/icons';
import { Progress, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { distance } from '../../../common/format.ts';
import { routeColor } from './RoutesMap.tsx';
import { LineTag } from './StandingLines.tsx';
import './dispatch.css';
import { type Route, clock, lastArrival, loadPercent, routeStatusColor, volumeText, weightText } from './shared.ts';

function LoadBar({ percent, tip }: { percent: number; tip: string }) {
  return (
    <Tooltip title={tip}>
      <Progress
        percent={Math.min(percent, 100)}
        size="small"
        status={percent > 100 ? 'exception' : 'normal'}
        strokeColor={percent > 90 ? '#fa8c16' : undefined}
        format={() => `${percent}%`}
        style={{ width: 84, margin: 0 }}
      />
    </Tooltip>
  );
}

/**
 * The day's routes beside the map: their standing line, load against capacity, distance and planned
 * times; a row selects its route.
 */
export function RouteList({
  routes,
  selectedId,
  onSelect,
  loading,
}: {
  routes: readonly Route[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  loading: boolean;
}) {
  const { t } = useTranslation('dispatch');
  const columns: ColumnsType<Route> = [
    {
      title: t('col.route'),
      key: 'route',
      width: 116,
      render: (_, r) => (
        <div style={{ lineHeight: 1.3 }}>
          <Space size={4}>
            <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, background: routeColor(r) }} />
            <strong>{t('route.name', { no: r.routeNo })}</strong>
            {r.locked && (
              <Tooltip title={t('route.locked')}>
                <LockOutlined style={{ color: '#8c8c8c' }} />
              </Tooltip>
            )}
          </Space>
          <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 12, maxWidth: 104 }}>
            {r.vehicleTypeName}
          </Typography.Text>
          {r.standingLineName && (
            <div style={{ maxWidth: 104, overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' }}>
              <LineTag name={r.standingLineName} />
            </div>
          )}
          {r.vehicleNo !== null && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, whiteSpace: 'nowrap' }} data-testid="route-trip">
              {t('trip.vehicleTrip', { vehicle: r.vehicleNo, trip: r.tripNo })}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: t('col.status'),
      dataIndex: 'status',
      width: 76,
      render: (s: Route['status']) => <Tag color={routeStatusColor[s]}>{t(`status.${s}`)}</Tag>,
    },
    { title: t('col.stops'), key: 'stops', width: 58, align: 'right', render: (_, r) => r.stops.length },
    {
      title: `${t('col.weight')} / ${t('col.volume')}`,
      key: 'load',
      width: 106,
      render: (_, r) => {
        const p = loadPercent(r.load, r.capacity);
        return (
          <Space orientation="vertical" size={0}>
            <LoadBar percent={p.weight} tip={`${t('col.weight')} ${weightText(r.load.weightG)} / ${weightText(r.capacity.weightG)}`} />
            <LoadBar percent={p.volume} tip={`${t('col.volume')} ${volumeText(r.load.volumeMl)} / ${volumeText(r.capacity.volumeMl)}`} />
          </Space>
        );
      },
    },
    { title: t('col.distance'), dataIndex: 'distanceM', width: 76, align: 'right', render: (m: number) => distance(m) },
    {
      title: t('col.time'),
      key: 'time',
      width: 98,
      render: (_, r) => (
        <Typography.Text style={{ whiteSpace: 'nowrap' }}>
          {clock(r.departureAt)}–{clock(lastArrival(r))}
        </Typography.Text>
      ),
    },
  ];
  return (
    <Table<Route>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={routes as Route[]}
      loading={loading}
      pagination={false}
      scroll={{ y: 560 }}
      rowClassName={(r) => (r.id === selectedId ? 'll-selected' : '')}
      onRow={(r) =>
        ({
          onClick: () => onSelect(r.id),
          style: { cursor: 'pointer', opacity: r.status === 'cancelled' ? 0.5 : 1 },
          'data-testid': 'route-row',
          'data-route-no': r.routeNo,
        }) as HTMLAttributes<HTMLElement>
      }
    />
  );
}
