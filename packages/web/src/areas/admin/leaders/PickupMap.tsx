import type { admin } from '@linli/contracts';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Empty, Progress, Row, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { Page } from '../../../common/api.ts';
import { RetryAlert } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { LazyMap } from './LazyMap.tsx';
import './locales.ts';

type PickupPoint = z.infer<typeof admin.PickupPoint>;
type Leader = z.infer<typeof admin.Leader>;
type Show = 'all' | PickupPoint['status'];

/** Every pickup point with the status, read page by page (200 at a time), telling how far it has got. */
async function loadAll(
  status: PickupPoint['status'] | undefined,
  onProgress: (loaded: number, total: number) => void,
  signal: AbortSignal,
) {
  const items: PickupPoint[] = [];
  for (let page = 1; ; page++) {
    const res = await api.request<Page<PickupPoint>>('GET', 'admin/pickup-points', { query: { status, page, pageSize: 200 }, signal });
    items.push(...res.items);
    onProgress(items.length, res.total);
    if (items.length >= res.total || res.items.length === 0) return items;
  }
}

function PointCard({ point }: { point: PickupPoint }) {
  const { t } = useTranslation(['leaders', 'common']);
  const leader = useQuery({
    queryKey: ['admin-leader-brief', point.leaderId],
    queryFn: () => api.get<Leader>(`admin/leaders/${point.leaderId}`),
    staleTime: 60_000,
  });
  return (
    <Card size="small" title={point.name} data-testid="map-point-card">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('point.address')}>{point.address}</Descriptions.Item>
        <Descriptions.Item label={t('point.openingHours')}>{point.openingHours || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('common:status')}>
          <Tag color={point.status === 'open' ? 'green' : 'default'}>{t(`point.status.${point.status}`)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('map.leader')}>{leader.data ? `${leader.data.name} · ${leader.data.phone}` : '…'}</Descriptions.Item>
      </Descriptions>
      <Link to={`/leaders/${point.leaderId}`}>
        <Button type="primary" size="small">
          {t('map.openLeader')}
        </Button>
      </Link>
    </Card>
  );
}

/** All pickup points of the city on the shared map, open ones in green; a click shows the point and its leader. */
export function PickupMap() {
  const { t } = useTranslation(['leaders', 'common']);
  const [show, setShow] = useState<Show>('open');
  const [progress, setProgress] = useState<{ loaded: number; total: number } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const status = show === 'all' ? undefined : show;
  const query = useQuery({
    queryKey: ['admin-pickup-points', 'map', status],
    queryFn: ({ signal }) => loadAll(status, (loaded, total) => setProgress({ loaded, total }), signal),
  });
  const points = query.data ?? [];
  const chosen = points.find((p) => p.id === selected);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space>
        <Segmented<Show>
          value={show}
          onChange={(v) => {
            setShow(v);
            setSelected(null);
          }}
          options={[
            { value: 'open', label: t('point.status.open') },
            { value: 'closed', label: t('point.status.closed') },
            { value: 'all', label: t('map.allStatus') },
          ]}
        />
        {query.isSuccess && <Typography.Text type="secondary">{t('map.showing', { count: points.length })}</Typography.Text>}
        {query.isFetching && progress && progress.total > 0 && (
          <Progress
            percent={Math.round((progress.loaded / progress.total) * 100)}
            size="small"
            style={{ width: 160 }}
            format={() => `${progress.loaded}/${progress.total}`}
          />
        )}
      </Space>
      <RetryAlert query={query} />
      <Row gutter={16}>
        <Col span={17}>
          <LazyMap
            height={620}
            data-testid="pickup-map"
            selectedId={selected}
            onPointClick={setSelected}
            empty={query.isPending ? t('map.loading') : t('map.empty')}
            points={points.map((p) => ({
              id: p.id,
              lat: p.lat,
              lng: p.lng,
              color: p.status === 'open' ? '#389e0d' : '#8c8c8c',
              tooltip: `${p.name}\n${p.address}`,
            }))}
          />
        </Col>
        <Col span={7}>{chosen ? <PointCard point={chosen} /> : <Empty description={t('map.pick')} />}</Col>
      </Row>
    </Space>
  );
}
