import { NodeIndexOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, Empty, Row, Space, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { businessToday, distance } from '../../../common/format.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { DayPicker } from '../purchasing/shared.tsx';
import { PlanModal } from './PlanModal.tsx';
import { PublishAllModal } from './PublishAllModal.tsx';
import { RouteDetail } from './RouteDetail.tsx';
import { RoutesMap } from './RoutesMap.tsx';
import { SaveLinesButton } from './StandingLines.tsx';
import { RoutesPanel } from './TripTimeline.tsx';
import { UnroutedPanel } from './UnroutedPanel.tsx';
import { useCan } from '../permissions.ts';
import { WarehousePicker, useWarehouseParam } from '../warehouses.tsx';
import { type RouteList as RouteListData, type RoutePlan, useFleet } from './shared.ts';

const isDate = (v: string | null): v is string => v !== null && /^\d{4}-\d{2}-\d{2}$/.test(v);

/**
 * The day's routes: plan them, see them on the map beside their loads and times, edit drafts,
 * publish; and decide for the points no route serves. The day comes from `?date=` (the
 * dashboard links here with it), else today.
 */
export function RoutesTab() {
  const { t } = useTranslation('dispatch');
  const client = useQueryClient();
  // The warehouse sees the routes and loads them; planning, editing and publishing are the dispatcher's.
  const plans = useCan()('dispatch.plan');
  const fleet = useFleet({ drivers: plans });
  const [params] = useSearchParams();
  const [date, setDate] = useState(() => {
    const asked = params.get('date');
    return isDate(asked) ? asked : businessToday();
  });
  // The warehouse planned from: kept in the URL (?warehouse=); the only one when there is one.
  const { warehouseId, setWarehouseId, active: warehouses, choosing } = useWarehouseParam({ required: true });
  const [selected, setSelected] = useState<{ routeId: string | null; stopId: string | null }>({ routeId: null, stopId: null });
  const [planning, setPlanning] = useState(false);
  const [publishingAll, setPublishingAll] = useState(false);
  const [planned, setPlanned] = useState(0);
  const routes = useQuery({
    queryKey: ['admin', 'routes', date, warehouseId],
    enabled: Boolean(warehouseId),
    queryFn: () => api.get<RouteListData>('admin/routes', { deliveryDate: date, warehouseId }),
  });
  const items = routes.data?.items ?? [];
  const live = items.filter((r) => r.status !== 'cancelled');
  const vehicleTypes = new Map((fleet.vehicleTypes.data?.items ?? []).map((v) => [v.id, v]));
  const drivers = fleet.drivers.data?.items ?? [];
  const warehouse = warehouses.find((w) => w.id === warehouseId);
  const route = items.find((r) => r.id === selected.routeId) ?? null;
  const drafts = live.filter((r) => r.status === 'draft' && r.stops.length > 0).length;

  const onPlanned = (plan: RoutePlan) => {
    void client.invalidateQueries({ queryKey: ['admin', 'routes'] });
    void client.invalidateQueries({ queryKey: ['admin', 'sorting'] });
    setSelected({ routeId: plan.routes[0]?.id ?? null, stopId: null });
    setPlanned((n) => n + 1);
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <DayPicker
            value={date}
            onChange={(d) => {
              if (!d) return;
              setDate(d);
              setSelected({ routeId: null, stopId: null });
            }}
          />
          <WarehousePicker
            required
            value={warehouseId}
            onChange={(id) => {
              setWarehouseId(id);
              setSelected({ routeId: null, stopId: null });
            }}
            active={warehouses}
          />
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void client.invalidateQueries({ queryKey: ['admin', 'routes'] })}
            loading={routes.isFetching}
          >
            {t('common:refresh')}
          </Button>
        </Space>
        {plans && (
          <Space>
            <SaveLinesButton date={date} warehouseId={warehouseId} routes={items} />
            <Button icon={<SendOutlined />} disabled={drafts === 0} onClick={() => setPublishingAll(true)} data-testid="publish-all">
              {t('route.publishAll')}
            </Button>
            <Button
              type="primary"
              icon={<NodeIndexOutlined />}
              disabled={!warehouseId}
              onClick={() => setPlanning(true)}
              data-testid="plan-routes"
            >
              {t('plan.button')}
            </Button>
          </Space>
        )}
      </Space>
      <LoadError query={fleet.warehouses} />
      <LoadError query={routes} />
      {fleet.warehouses.isSuccess && warehouses.length === 0 && <Alert type="info" showIcon title={t('plan.noWarehouse')} />}
      {routes.data && (
        <Row gutter={12}>
          <Col span={5}>
            <Statistic title={t('summary.routes')} value={live.length} />
          </Col>
          <Col span={5}>
            <Statistic title={t('summary.stops')} value={live.reduce((s, r) => s + r.stops.length, 0)} />
          </Col>
          <Col span={5}>
            <Statistic title={t('summary.distance')} value={distance(live.reduce((s, r) => s + r.distanceM, 0))} />
          </Col>
          <Col span={5}>
            <Statistic title={t('summary.drafts')} value={drafts} />
          </Col>
          <Col span={4}>
            <Statistic
              title={t('summary.unrouted')}
              value={routes.data.unrouted.length}
              styles={{ content: { color: routes.data.unrouted.length ? '#d46b08' : undefined } }}
            />
          </Col>
        </Row>
      )}
      <UnroutedPanel key={date} date={date} warehouseId={choosing ? warehouseId : undefined} />
      <Row gutter={16}>
        <Col span={12}>
          <RoutesMap
            routes={items}
            warehouse={warehouse}
            selectedRouteId={selected.routeId}
            selectedStopId={selected.stopId}
            onSelect={(routeId, stopId) => setSelected({ routeId, stopId: stopId ?? null })}
            fitKey={`${date}:${warehouseId}:${planned}:${live.length}`}
          />
        </Col>
        <Col span={12}>
          <RoutesPanel
            routes={items}
            drivers={drivers}
            reloadMinutes={warehouse?.reloadMinutes}
            selectedId={selected.routeId}
            onSelect={(routeId) => setSelected({ routeId: routeId === selected.routeId ? null : routeId, stopId: null })}
            loading={routes.isFetching}
          />
        </Col>
      </Row>
      {route ? (
        <RouteDetail
          route={route}
          routes={items}
          vehicleTypes={vehicleTypes}
          drivers={drivers}
          selectedStopId={selected.stopId}
          onSelectStop={(stopId) => setSelected({ routeId: route.id, stopId })}
        />
      ) : (
        items.length > 0 && (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={<Typography.Text type="secondary">{t('route.selectHint')}</Typography.Text>}
          />
        )
      )}
      <PlanModal
        open={planning}
        onClose={() => setPlanning(false)}
        warehouseId={warehouseId}
        date={date}
        vehicleTypes={fleet.vehicleTypes.data?.items ?? []}
        onPlanned={onPlanned}
      />
      <PublishAllModal open={publishingAll} routes={items} drivers={drivers} onClose={() => setPublishingAll(false)} />
    </Space>
  );
}
