import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  CarOutlined,
  CoffeeOutlined,
  LockOutlined,
  SendOutlined,
  StopOutlined,
  UnlockOutlined,
} from '@ant-design/icons';
import { Button, Card, Descriptions, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, type ReactNode, createContext, useContext, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { distance, yuan } from '../../../common/format.ts';
import { useCan } from '../permissions.ts';
import { ExportButton } from '../purchasing/shared.tsx';
import { PublishModal } from './PublishModal.tsx';
import { routeColor } from './RoutesMap.tsx';
import { LineTag, OffLineTag } from './StandingLines.tsx';
import { StowageLine } from './Stowage.tsx';
import { TemperatureTags } from './TemperatureTags.tsx';
import {
  type Driver,
  type Route,
  type RouteStop,
  type VehicleType,
  breakSlot,
  canCarry,
  clock,
  isDraft,
  routeStatusColor,
  volumeText,
  weightText,
} from './shared.ts';
import { reordered, useRouteActions } from './useRouteActions.ts';

/** The driver's break in the stop table: a row of its own before or after the stop it borders. */
const BreakRow = createContext<{ beforeId: string | null; afterId: string | null; columns: number; content: ReactNode } | null>(null);

/** A stop's row of the table, with the break's row next to it when the break falls there. */
function StopRow(props: HTMLAttributes<HTMLTableRowElement> & { 'data-row-key'?: string }) {
  const rest = useContext(BreakRow);
  const row = <tr {...props} />;
  const key = props['data-row-key'];
  if (!rest || key === undefined || (key !== rest.beforeId && key !== rest.afterId)) return row;
  const breakRow = (
    <tr className="ll-break-row" data-testid="route-break">
      <td colSpan={rest.columns}>{rest.content}</td>
    </tr>
  );
  return key === rest.beforeId ? (
    <>
      {breakRow}
      {row}
    </>
  ) : (
    <>
      {row}
      {breakRow}
    </>
  );
}

/**
 * One route: its figures, where its goods ride (compartments, insulated boxes), its actions (lock,
 * publish, load sheet, loading, cancel) and its stops to reorder or move, with the driver's break
 * between the stops where it falls.
 */
export function RouteDetail({
  route,
  routes,
  vehicleTypes,
  drivers,
  selectedStopId,
  onSelectStop,
}: {
  route: Route;
  routes: readonly Route[];
  vehicleTypes: ReadonlyMap<string, VehicleType>;
  drivers: readonly Driver[];
  selectedStopId: string | null;
  onSelectStop: (id: string) => void;
}) {
  const { t } = useTranslation('dispatch');
  const actions = useRouteActions();
  const [publishing, setPublishing] = useState(false);
  // Only a dispatcher edits, publishes or cancels a route; the warehouse loads it.
  const plans = useCan()('dispatch.plan');
  const draft = isDraft(route) && plans;
  const targets = routes.filter((r) => r.id !== route.id && isDraft(r));
  const stopIds = route.stops.map((s) => s.id);
  const driver = drivers.find((d) => d.id === route.driverId);

  const columns: ColumnsType<RouteStop> = [
    { title: t('col.seq'), dataIndex: 'seq', width: 52, align: 'right' },
    {
      title: t('col.point'),
      key: 'point',
      ellipsis: true,
      render: (_, s) => (
        <div style={{ lineHeight: 1.35 }}>
          <Typography.Text ellipsis style={{ display: 'block' }}>
            {s.pickupPointName}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('col.leader')} {s.leaderName} {s.leaderPhone}
          </Typography.Text>
          <OffLineTag code={s.lineChange} />
        </div>
      ),
    },
    {
      title: t('col.goods'),
      dataIndex: 'temperatureClasses',
      width: 156,
      render: (classes: RouteStop['temperatureClasses']) => <TemperatureTags classes={classes} />,
    },
    { title: t('col.arrival'), dataIndex: 'plannedArrivalAt', width: 90, render: (v: string | null) => clock(v) },
    {
      title: t('col.load'),
      key: 'load',
      width: 130,
      render: (_, s) => `${weightText(s.load.weightG)} · ${s.load.crates} ${t('col.crates')}`,
    },
    { title: t('col.status'), dataIndex: 'status', width: 110, render: (v: RouteStop['status']) => <Tag>{t(`stopStatus.${v}`)}</Tag> },
    ...(draft
      ? ([
          {
            title: t('col.order'),
            key: 'order',
            width: 84,
            render: (_, s) => (
              <Space size={2}>
                <Button
                  size="small"
                  type="text"
                  icon={<ArrowUpOutlined />}
                  aria-label={t('route.up')}
                  disabled={s.seq === 1 || actions.busy}
                  onClick={() => actions.reorder.mutate({ id: route.id, stopIds: reordered(stopIds, s.id, -1)! })}
                  data-testid="stop-up"
                />
                <Button
                  size="small"
                  type="text"
                  icon={<ArrowDownOutlined />}
                  aria-label={t('route.down')}
                  disabled={s.seq === route.stops.length || actions.busy}
                  onClick={() => actions.reorder.mutate({ id: route.id, stopIds: reordered(stopIds, s.id, 1)! })}
                  data-testid="stop-down"
                />
              </Space>
            ),
          },
          {
            title: t('col.move'),
            key: 'move',
            width: 160,
            render: (_, s) => (
              <Select
                size="small"
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('route.moveTo')}
                value={null}
                disabled={targets.length === 0 || actions.busy}
                style={{ width: 140 }}
                options={targets.map((r) => {
                  const fits = canCarry(vehicleTypes.get(r.vehicleTypeId)?.temperatureClass ?? 'frozen', s.temperatureClasses);
                  return {
                    value: r.id,
                    label: t('route.name', { no: r.routeNo }) + (fits ? '' : ` · ${t('route.tooWarm')}`),
                    disabled: !fits,
                  };
                })}
                onChange={(toRouteId: string) => actions.move.mutate({ fromId: route.id, stopId: s.id, toRouteId })}
                data-testid="stop-move"
              />
            ),
          },
        ] as ColumnsType<RouteStop>)
      : []),
  ];

  // The break goes before the first stop planned after it starts, else after the last stop.
  const slot = breakSlot(route);
  const inOrder = [...route.stops].sort((a, b) => a.seq - b.seq);
  const breakRow =
    slot && route.driverBreak && inOrder.length > 0
      ? {
          beforeId: inOrder[slot.after]?.id ?? null,
          afterId: slot.after >= inOrder.length ? (inOrder.at(-1)?.id ?? null) : null,
          columns: columns.length,
          content: (
            <Space size={12}>
              <Typography.Text strong>
                <CoffeeOutlined /> {t('breaks.row', { minutes: route.driverBreak.minutes, time: clock(route.driverBreak.at) })}
              </Typography.Text>
              <Typography.Text type="secondary">
                {slot.after === 0 ? t('breaks.atWarehouse') : t('breaks.afterStop', { seq: inOrder[slot.after - 1]?.seq })}
              </Typography.Text>
            </Space>
          ),
        }
      : null;

  return (
    <Card
      size="small"
      data-testid="route-detail"
      title={
        <Space>
          <Tag color={routeColor(route)} style={{ fontSize: 14, padding: '2px 10px' }}>
            {t('route.name', { no: route.routeNo })}
          </Tag>
          {route.vehicleNo !== null && (
            <Tag data-testid="route-detail-trip">{t('trip.vehicleTrip', { vehicle: route.vehicleNo, trip: route.tripNo })}</Tag>
          )}
          <Tag color={routeStatusColor[route.status]}>{t(`status.${route.status}`)}</Tag>
          {route.locked && <Tag icon={<LockOutlined />}>{t('route.locked')}</Tag>}
          <LineTag name={route.standingLineName} />
        </Space>
      }
      extra={
        <Space wrap>
          {draft && (
            <Button
              icon={route.locked ? <UnlockOutlined /> : <LockOutlined />}
              loading={actions.lock.isPending}
              onClick={() => actions.lock.mutate({ id: route.id, locked: !route.locked })}
              data-testid="route-lock"
            >
              {route.locked ? t('route.unlock') : t('route.lock')}
            </Button>
          )}
          <ExportButton
            path={`admin/routes/${route.id}/load-sheet.xlsx`}
            filename={`load-sheet-${route.deliveryDate}-${route.routeNo}.xlsx`}
            label={t('route.loadSheet')}
            testId="route-load-sheet"
          />
          {route.status === 'published' && (
            <Button
              icon={<CarOutlined />}
              loading={actions.loading.isPending}
              onClick={() => actions.loading.mutate(route.id)}
              data-testid="route-loading"
            >
              {t('route.loading')}
            </Button>
          )}
          {plans && ['draft', 'published', 'loading'].includes(route.status) && (
            <Popconfirm title={t('route.cancelConfirm')} okButtonProps={{ danger: true }} onConfirm={() => actions.cancel.mutate(route.id)}>
              <Button danger icon={<StopOutlined />} loading={actions.cancel.isPending} data-testid="route-cancel">
                {t('route.cancel')}
              </Button>
            </Popconfirm>
          )}
          {draft && (
            <Button
              type="primary"
              icon={<SendOutlined />}
              onClick={() => setPublishing(true)}
              disabled={route.stops.length === 0}
              data-testid="route-publish"
            >
              {t('route.publish')}
            </Button>
          )}
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={6}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'v', label: t('col.vehicle'), children: route.vehicleTypeName },
          { key: 'd', label: t('col.driver'), children: driver ? `${driver.name} ${driver.phone}` : '—' },
          { key: 't', label: t('route.departure'), children: clock(route.departureAt) },
          { key: 'km', label: t('col.distance'), children: distance(route.distanceM) },
          {
            key: 'w',
            label: t('col.weight'),
            children: t('route.capacity', { used: weightText(route.load.weightG), cap: weightText(route.capacity.weightG) }),
          },
          {
            key: 'vol',
            label: t('col.volume'),
            children: t('route.capacity', { used: volumeText(route.load.volumeMl), cap: volumeText(route.capacity.volumeMl) }),
          },
          { key: 'c', label: t('col.crates'), children: t('route.capacity', { used: route.load.crates, cap: route.capacity.crates }) },
          ...(route.costFen !== null ? [{ key: 'cost', label: t('route.cost'), children: yuan(route.costFen) }] : []),
        ]}
      />
      <StowageLine stowage={route.stowage} />
      {!isDraft(route) && <Typography.Paragraph type="secondary">{t('route.editOnlyDraft')}</Typography.Paragraph>}
      <BreakRow.Provider value={breakRow}>
        <Table<RouteStop>
          rowKey="id"
          size="small"
          columns={columns}
          components={{ body: { row: StopRow } }}
          dataSource={route.stops}
          pagination={false}
          rowClassName={(s) => (s.id === selectedStopId ? 'll-selected' : '')}
          locale={{ emptyText: t('route.noStops') }}
          onRow={(s) =>
            ({
              onClick: () => onSelectStop(s.id),
              'data-testid': 'stop-row',
            }) as HTMLAttributes<HTMLElement>
          }
        />
      </BreakRow.Provider>
      <PublishModal
        route={publishing ? route : null}
        routes={routes}
        drivers={drivers}
        vehicleTypes={vehicleTypes}
        onClose={() => setPublishing(false)}
      />
    </Card>
  );
}
