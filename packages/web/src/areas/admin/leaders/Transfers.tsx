import { ArrowLeftOutlined } from '@ant-design/icons';
import type { leaderTransfer } from '@linli/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, type ButtonProps, Card, Descriptions, Empty, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useNavigate, useParams } from 'react-router';
import type { z } from 'zod';
import { dateTime, yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import type { MapLine, MapPoint } from '../../../common/map/MapView.tsx';
import { RetryAlert } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { LazyMap } from './LazyMap.tsx';
import './transferLocales.ts';

type Transfer = z.infer<typeof leaderTransfer.LeaderTransfer>;
type Summary = z.infer<typeof leaderTransfer.TransferSummary>;
type TransferPage = z.infer<typeof leaderTransfer.TransferPage>;
type Point = Transfer['points'][number];
type Leader = { id: string; name: string };

const transfersKey = 'admin-leader-transfers';
const statusColor: Record<Summary['status'], string> = { proposed: 'gold', confirmed: 'blue', completed: 'green', cancelled: 'default' };

function StatusTag({ status }: { status: Summary['status'] }) {
  const { t } = useTranslation('leaderTransfer');
  return (
    <Tag color={statusColor[status]} data-testid="transfer-status">
      {t(`status.${status}`)}
    </Tag>
  );
}

/** Starts a leader's removal: the proposal is made on the server and opened; nothing moves until it is confirmed. */
export function StartTransferButton({ leader }: { leader: Leader }) {
  const { t } = useTranslation(['leaderTransfer', 'common']);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const start = useMutation({
    mutationFn: () => api.post<Transfer>('admin/leader-transfers', { leaderId: leader.id, reason: 'removal' }),
    onSuccess: (tr) => {
      message.success(t('started', { name: tr.leaderName }));
      void client.invalidateQueries({ queryKey: [transfersKey] });
      navigate(`/leaders/transfers/${tr.id}`);
    },
    onError: (err) => message.error(errorText(t, err)),
  });
  return (
    <ConfirmButton
      question={t('startConfirm', { name: leader.name })}
      onConfirm={() => start.mutate()}
      okTestId="transfer-start-confirm"
      button={{ danger: true, loading: start.isPending, 'data-testid': 'transfer-start' }}
    >
      {t('start')}
    </ConfirmButton>
  );
}

/**
 * A button that asks first, in a modal (the screens' other confirmations of a step with
 * consequences are modals too): OK closes it and runs the action.
 */
function ConfirmButton(props: {
  question: string;
  onConfirm: () => void;
  okTestId: string;
  button: ButtonProps & { 'data-testid': string };
  children: ReactNode;
}) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Button {...props.button} onClick={() => setAsking(true)}>
        {props.children}
      </Button>
      <Modal
        open={asking}
        title={props.children}
        onCancel={() => setAsking(false)}
        onOk={() => {
          setAsking(false);
          props.onConfirm();
        }}
        okButtonProps={{ danger: true, 'data-testid': props.okTestId } as ButtonProps}
        destroyOnHidden
      >
        {props.question}
      </Modal>
    </>
  );
}

/** The history: every removal and leave, newest first. */
function TransferList() {
  const { t } = useTranslation(['leaderTransfer', 'common']);
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: [transfersKey, page],
    queryFn: () => api.get<TransferPage>('admin/leader-transfers', { page, pageSize: 20 }),
  });
  if (list.error) return <RetryAlert query={list} />;
  const columns: ColumnsType<Summary> = [
    { title: t('leader'), dataIndex: 'leaderName', key: 'leader' },
    { title: t('reason.title'), key: 'reason', render: (_, r) => `${t(`reason.${r.reason}`)} · ${t(`requestedBy.${r.requestedBy}`)}` },
    { title: t('common:status'), key: 'status', render: (_, r) => <StatusTag status={r.status} /> },
    { title: t('points'), dataIndex: 'points', key: 'points' },
    { title: t('members'), key: 'members', render: (_, r) => (r.status === 'proposed' ? r.members : `${r.membersMoved} / ${r.members}`) },
    { title: t('waiting.title'), key: 'waiting', render: (_, r) => r.waitingFor.map((w) => t(`waiting.${w}`)).join('，') || '—' },
    { title: t('createdAt'), key: 'createdAt', render: (_, r) => dateTime(r.createdAt) },
  ];
  return (
    <Table
      rowKey="id"
      size="small"
      loading={list.isLoading}
      columns={columns}
      dataSource={list.data?.items ?? []}
      locale={{ emptyText: <Empty description={t('empty')} /> }}
      pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
      onRow={(r) => ({ onClick: () => navigate(`/leaders/transfers/${r.id}`), style: { cursor: 'pointer' } })}
      data-testid="transfer-list"
    />
  );
}

/** The proposal on the shared map: old points red, targets green, other candidates grey, a line from each point to its target. */
export function transferMapData(tr: Transfer, labels: { from: string; to: string }): { points: MapPoint[]; lines: MapLine[] } {
  const points = new Map<string, MapPoint>();
  const lines: MapLine[] = [];
  for (const p of tr.points) {
    for (const c of p.candidates) {
      if (!points.has(c.point.id))
        points.set(c.point.id, { id: c.point.id, lat: c.point.lat, lng: c.point.lng, tooltip: `${c.point.name}\n${c.point.leaderName}` });
    }
  }
  for (const p of tr.points) {
    if (p.to) {
      points.set(p.to.id, {
        id: p.to.id,
        lat: p.to.lat,
        lng: p.to.lng,
        color: '#389e0d',
        radius: 8,
        tooltip: `${labels.to}: ${p.to.name}\n${p.to.leaderName}`,
      });
      lines.push({
        id: `line:${p.from.id}`,
        path: [
          [p.from.lat, p.from.lng],
          [p.to.lat, p.to.lng],
        ],
        color: '#389e0d',
        dashed: true,
        tooltip: `${p.from.name} → ${p.to.name}`,
      });
    }
  }
  for (const p of tr.points) {
    points.set(p.from.id, {
      id: p.from.id,
      lat: p.from.lat,
      lng: p.from.lng,
      color: '#cf1322',
      radius: 9,
      label: String(p.members),
      tooltip: `${labels.from}: ${p.from.name}`,
    });
  }
  return { points: [...points.values()], lines };
}

/** One transfer: where each point's members go (changeable while proposed), on the map; confirm, finish or cancel it. */
function TransferDetail() {
  const { t } = useTranslation(['leaderTransfer', 'common']);
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const client = useQueryClient();
  const key = [transfersKey, 'one', id];
  const query = useQuery({ queryKey: key, queryFn: () => api.get<Transfer>(`admin/leader-transfers/${id}`) });
  const done = (tr: Transfer) => {
    client.setQueryData(key, tr);
    void client.invalidateQueries({ queryKey: [transfersKey] });
  };
  const retarget = useMutation({
    mutationFn: (v: { from: string; to: string }) =>
      api.put<Transfer>(`admin/leader-transfers/${id}/points/${v.from}`, { toPointId: v.to }),
    onSuccess: (tr, v) => {
      done(tr);
      message.success(t('targetSaved', { name: tr.points.find((p) => p.from.id === v.from)?.to?.name ?? '' }));
    },
    onError: (err) => message.error(errorText(t, err)),
  });
  const act = useMutation({
    mutationFn: (what: 'confirm' | 'complete' | 'cancel') => api.post<Transfer>(`admin/leader-transfers/${id}/${what}`),
    onSuccess: (tr, what) => {
      done(tr);
      if (what === 'cancel') message.success(t('cancelled'));
      else if (tr.status === 'completed') message.success(t('completed'));
      else if (what === 'confirm') message.success(t('confirmed', { count: tr.membersMoved }));
      else message.info(t('stillWaiting', { what: tr.waitingFor.map((w) => t(`waiting.${w}`)).join('，') }));
    },
    onError: (err) => message.error(errorText(t, err)),
  });
  if (query.error) return <RetryAlert query={query} />;
  const tr = query.data;
  if (!tr) return <Card loading />;
  const proposed = tr.status === 'proposed';
  const members = tr.points.reduce((s, p) => s + p.members, 0);
  const columns: ColumnsType<Point> = [
    { title: t('from'), key: 'from', render: (_, p) => `${p.from.name}（${p.from.address}）` },
    { title: t('members'), dataIndex: 'members', key: 'members' },
    {
      title: t('proposed'),
      key: 'proposed',
      render: (_, p) => p.proposed?.name ?? <Typography.Text type="warning">{t('none')}</Typography.Text>,
    },
    {
      title: t('to'),
      key: 'to',
      render: (_, p) =>
        proposed ? (
          <Select
            style={{ minWidth: 280 }}
            placeholder={t('choose')}
            value={p.to?.id}
            loading={retarget.isPending}
            onChange={(to: string) => retarget.mutate({ from: p.from.id, to })}
            options={p.candidates.map((c) => ({
              value: c.point.id,
              label: t('candidate', { name: c.point.name, leader: c.point.leaderName, level: c.point.leaderLevel, m: c.distanceMeters }),
            }))}
            data-testid="transfer-target"
          />
        ) : (
          (p.to?.name ?? '—')
        ),
    },
    { title: t('distance'), key: 'distance', render: (_, p) => (p.distanceMeters === null ? '—' : t('meters', { m: p.distanceMeters })) },
  ];
  const map = transferMapData(tr, { from: t('from'), to: t('to') });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/leaders/transfers')} aria-label={t('back')} />
            <span data-testid="transfer-leader">{tr.leaderName}</span>
            <StatusTag status={tr.status} />
          </Space>
        }
        extra={
          <Space>
            {proposed && (
              <Button onClick={() => act.mutate('cancel')} loading={act.isPending} data-testid="transfer-cancel">
                {t('cancel')}
              </Button>
            )}
            {proposed && (
              <ConfirmButton
                question={t('confirmConfirm', { count: members })}
                onConfirm={() => act.mutate('confirm')}
                okTestId="transfer-confirm-ok"
                button={{ type: 'primary', danger: true, loading: act.isPending, 'data-testid': 'transfer-confirm' }}
              >
                {t('confirm')}
              </ConfirmButton>
            )}
            {tr.status === 'confirmed' && (
              <Button type="primary" onClick={() => act.mutate('complete')} loading={act.isPending} data-testid="transfer-complete">
                {t('complete')}
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={4}>
          <Descriptions.Item
            label={t('reason.title')}
          >{`${t(`reason.${tr.reason}`)} · ${t(`requestedBy.${tr.requestedBy}`)}`}</Descriptions.Item>
          <Descriptions.Item label={t('createdAt')}>{dateTime(tr.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('membersMoved')}>
            <span data-testid="transfer-moved">{tr.membersMoved}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('waiting.title')}>{tr.waitingFor.map((w) => t(`waiting.${w}`)).join('，') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('openOrders')}>
            <span title={t('openOrdersHint')} data-testid="transfer-open-orders">
              {tr.openOrders}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('pending')}>{yuan(tr.commission.pendingFen)}</Descriptions.Item>
          <Descriptions.Item label={t('available')}>{yuan(tr.commission.availableFen)}</Descriptions.Item>
          <Descriptions.Item label={t('withdrawing')}>{yuan(tr.commission.withdrawingFen)}</Descriptions.Item>
          {tr.note && <Descriptions.Item label={t('note')}>{tr.note}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Card size="small">
        <Table
          rowKey={(p) => p.from.id}
          size="small"
          pagination={false}
          columns={columns}
          dataSource={tr.points}
          data-testid="transfer-points"
        />
      </Card>
      <Card size="small">
        <LazyMap points={map.points} lines={map.lines} height={420} fitKey={tr.id} data-testid="transfer-map" />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('mapHint')}
        </Typography.Text>
      </Card>
    </Space>
  );
}

/** The transfers tab: the history, and one transfer (/admin/leaders/transfers/:id). */
export function Transfers() {
  return (
    <Routes>
      <Route index element={<TransferList />} />
      <Route path=":id" element={<TransferDetail />} />
    </Routes>
  );
}
