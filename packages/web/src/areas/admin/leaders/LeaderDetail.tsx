import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import type { admin } from '@linli/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Popconfirm, Row, Skeleton, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { z } from 'zod';
import { dateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { RetryAlert } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { useWarehouses } from '../warehouses.tsx';
import { LazyMap } from './LazyMap.tsx';
import { LeaderForm } from './LeaderForm.tsx';
import { StatusTag } from './LeaderList.tsx';
import { LeaderStatusButton } from './LeaderStatusButton.tsx';
import { PickupPointForm } from './PickupPointForm.tsx';
import { RevealPhone } from './RevealPhone.tsx';
import { StartTransferButton } from './Transfers.tsx';
import '../warehouseLocales.ts';
import './locales.ts';

type LeaderWithPoints = z.infer<typeof admin.LeaderWithPickupPoints>;
type PickupPoint = z.infer<typeof admin.PickupPoint>;

/** /leaders/:id: a leader's details and status, and their pickup points (open, edit, close, reopen) on a map. */
export function LeaderDetail() {
  const { t } = useTranslation(['leaders', 'common']);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { id = '' } = useParams();
  const [editing, setEditing] = useState(false);
  const [point, setPoint] = useState<{ open: boolean; editing: PickupPoint | null }>({ open: false, editing: null });
  const [selected, setSelected] = useState<string | null>(null);
  const warehouses = useWarehouses();
  const warehouseNames = new Map((warehouses.data?.items ?? []).map((w) => [w.id, w.name]));
  const severalWarehouses = (warehouses.data?.items ?? []).filter((w) => w.active).length > 1;
  const query = useQuery({ queryKey: ['admin-leader', id], queryFn: () => api.get<LeaderWithPoints>(`admin/leaders/${id}`) });
  const setStatus = useMutation({
    mutationFn: ({ p, status }: { p: PickupPoint; status: PickupPoint['status'] }) =>
      api.patch<PickupPoint>(`admin/pickup-points/${p.id}`, { status }),
    onSuccess: (p) => {
      message.success(t(p.status === 'open' ? 'point.reopened' : 'point.closed', { name: p.name }));
      void client.invalidateQueries({ queryKey: ['admin-leader', id] });
      void client.invalidateQueries({ queryKey: ['admin-pickup-points'] });
    },
    onError: (err) => message.error(errorText(t, err)),
  });
  if (query.isPending)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (query.isError) return <RetryAlert query={query} />;
  const leader = query.data;
  const columns: ColumnsType<PickupPoint> = [
    { title: t('point.name'), dataIndex: 'name' },
    { title: t('point.address'), dataIndex: 'address' },
    { title: t('point.openingHours'), dataIndex: 'openingHours', width: 120 },
    ...(severalWarehouses
      ? [
          {
            title: t('warehouseAssignment:column'),
            key: 'warehouse',
            width: 120,
            render: (_: unknown, p: PickupPoint) =>
              p.warehouseId ? (warehouseNames.get(p.warehouseId) ?? p.warehouseId) : t('warehouseAssignment:byRule'),
          },
        ]
      : []),
    {
      title: t('common:status'),
      dataIndex: 'status',
      width: 90,
      render: (s: PickupPoint['status']) => <Tag color={s === 'open' ? 'green' : 'default'}>{t(`point.status.${s}`)}</Tag>,
    },
    {
      title: t('common:actions'),
      key: 'actions',
      width: 140,
      render: (_, p) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setPoint({ open: true, editing: p })} data-testid="point-edit">
            {t('common:edit')}
          </Button>
          {p.status === 'open' ? (
            <Popconfirm title={t('point.closeConfirm')} onConfirm={() => setStatus.mutate({ p, status: 'closed' })}>
              <Button type="link" size="small" danger data-testid="point-close">
                {t('point.close')}
              </Button>
            </Popconfirm>
          ) : (
            <Button type="link" size="small" onClick={() => setStatus.mutate({ p, status: 'open' })} data-testid="point-reopen">
              {t('point.reopen')}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/leaders')} aria-label={t('common:back')} />
            <span data-testid="leader-title">{leader.name}</span>
            <StatusTag status={leader.status} />
          </Space>
        }
        extra={
          <Space>
            <Button onClick={() => setEditing(true)} data-testid="leader-edit">
              {t('edit')}
            </Button>
            <LeaderStatusButton leader={leader} size="middle" link={false} />
            {leader.status === 'active' && <StartTransferButton leader={leader} />}
          </Space>
        }
      >
        <Descriptions size="small" column={5}>
          <Descriptions.Item label={t('phone')}>
            <RevealPhone kind="leader" id={leader.id} masked={leader.phone} />
          </Descriptions.Item>
          <Descriptions.Item label={t('level')}>{t('levelN', { level: leader.level })}</Descriptions.Item>
          <Descriptions.Item label={t('createdAt')}>{dateTime(leader.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('pickupPoints')}>{leader.pickupPoints.length}</Descriptions.Item>
          <Descriptions.Item label={t('ordersToServe')}>
            <span data-testid="leader-orders-to-serve">{leader.ordersToServe}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        title={t('pickupPoints')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setPoint({ open: true, editing: null })} data-testid="point-create">
            {t('point.create')}
          </Button>
        }
      >
        <Row gutter={16}>
          <Col span={15}>
            <Table<PickupPoint>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={leader.pickupPoints}
              pagination={false}
              locale={{ emptyText: t('noPoints') }}
              rowClassName={(p) => (p.id === selected ? 'ant-table-row-selected' : '')}
              onRow={(p) =>
                ({ 'data-testid': 'point-row', 'data-id': p.id, onClick: () => setSelected(p.id) }) as HTMLAttributes<HTMLElement>
              }
            />
          </Col>
          <Col span={9}>
            <LazyMap
              height={320}
              selectedId={selected}
              onPointClick={setSelected}
              points={leader.pickupPoints.map((p) => ({
                id: p.id,
                lat: p.lat,
                lng: p.lng,
                color: p.status === 'open' ? '#389e0d' : '#8c8c8c',
                tooltip: `${p.name}\n${p.address}`,
              }))}
            />
          </Col>
        </Row>
      </Card>
      <LeaderForm open={editing} editing={leader} onClose={() => setEditing(false)} />
      <PickupPointForm
        leaderId={leader.id}
        open={point.open}
        editing={point.editing}
        onClose={() => setPoint({ open: false, editing: null })}
      />
    </Space>
  );
}
