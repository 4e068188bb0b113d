import { Alert, App, type ButtonProps, Modal, Progress, Select, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { busyDrivers, driverOptions } from './PublishModal.tsx';
import { routeColor } from './RoutesMap.tsx';
import { type Driver, type Route, routeErrorText, vehicleKey } from './shared.ts';
import { useRouteActions } from './useRouteActions.ts';

/**
 * A first assignment of free drivers to the draft routes with stops, in route order. A vehicle's
 * trips share one driver: the one already on its other trips, else its standing line's driver
 * when free, else the next free one.
 */
export function proposeDrivers(routes: readonly Route[], drivers: readonly Driver[]): Record<string, string | undefined> {
  const busy = busyDrivers(routes);
  const free = drivers.filter((d) => d.active && !busy.has(d.id));
  const take = (id: string) => {
    const at = free.findIndex((d) => d.id === id);
    return at < 0 ? undefined : free.splice(at, 1)[0]?.id;
  };
  const drafts = routes.filter((x) => x.status === 'draft' && x.stops.length > 0);
  const byVehicle = new Map<string, string | undefined>();
  // First the vehicles with a driver already or a free line driver, so no other vehicle takes theirs.
  for (const r of drafts) {
    const key = vehicleKey(r);
    if (byVehicle.has(key)) continue;
    const trips = routes.filter((x) => vehicleKey(x) === key);
    const assigned = trips.find((x) => x.status !== 'cancelled' && x.driverId)?.driverId;
    const line = trips.find((x) => x.lineDriverId)?.lineDriverId;
    const driver = assigned ?? (line ? take(line) : undefined);
    if (driver) byVehicle.set(key, driver);
  }
  const out: Record<string, string | undefined> = {};
  for (const r of drafts) {
    const key = vehicleKey(r);
    if (!byVehicle.has(key)) byVehicle.set(key, free.shift()?.id);
    out[r.id] = byVehicle.get(key);
  }
  return out;
}

/** Drivers chosen for more than one vehicle (a vehicle's trips may share theirs). */
function sharedAcrossVehicles(routes: readonly Route[], choice: Record<string, string | undefined>): boolean {
  const vehicleOf = new Map<string, string>();
  for (const r of routes) {
    const d = choice[r.id];
    if (!d) continue;
    if (vehicleOf.has(d) && vehicleOf.get(d) !== vehicleKey(r)) return true;
    vehicleOf.set(d, vehicleKey(r));
  }
  return false;
}

/** Publishes every draft route, each to the driver chosen for it, one after another with progress. */
export function PublishAllModal({
  open,
  routes,
  drivers,
  onClose,
}: {
  open: boolean;
  routes: readonly Route[];
  drivers: readonly Driver[];
  onClose: () => void;
}) {
  const { t } = useTranslation('dispatch');
  const { message } = App.useApp();
  const { refresh } = useRouteActions();
  const drafts = routes.filter((r) => r.status === 'draft' && r.stops.length > 0);
  const [choice, setChoice] = useState<Record<string, string | undefined>>({});
  const [done, setDone] = useState<number | null>(null);
  const [failures, setFailures] = useState<Record<string, string>>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: propose once when opened, not on every refresh
  useEffect(() => {
    if (!open) return;
    setChoice(proposeDrivers(routes, drivers));
    setFailures({});
    setDone(null);
  }, [open]);

  const chosen = drafts.filter((r) => choice[r.id]);
  const duplicate = sharedAcrossVehicles(chosen, choice);
  const run = async () => {
    const errors: Record<string, string> = {};
    let ok = 0;
    setDone(0);
    for (const [i, r] of chosen.entries()) {
      try {
        await api.post(`admin/routes/${r.id}/publish`, { driverId: choice[r.id] });
        ok++;
      } catch (err) {
        errors[r.id] = routeErrorText(t, err);
      }
      setDone(i + 1);
    }
    setFailures(errors);
    refresh();
    const failed = Object.keys(errors).length;
    if (failed === 0) {
      message.success(t('publish.allDone', { ok }));
      onClose();
    } else message.warning(t('publish.allPartly', { ok, failed }));
    setDone(null);
  };
  const running = done !== null;
  // Busy or taken for a route: on a route, or chosen for a route, of another vehicle.
  const otherVehicles = (r: Route) => routes.filter((x) => vehicleKey(x) !== vehicleKey(r));
  const busy = (r: Route) => busyDrivers(otherVehicles(r));
  const taken = (r: Route) => new Set(otherVehicles(r).flatMap((x) => (choice[x.id] ? [choice[x.id] as string] : [])));

  return (
    <Modal
      open={open}
      width={720}
      title={t('publish.allTitle')}
      onCancel={running ? undefined : onClose}
      closable={!running}
      onOk={run}
      okText={t('route.publishAll')}
      okButtonProps={{ loading: running, disabled: chosen.length === 0 || duplicate, 'data-testid': 'publish-all-confirm' } as ButtonProps}
    >
      {drafts.length === 0 && <Typography.Paragraph type="secondary">{t('publish.noDrafts')}</Typography.Paragraph>}
      {drafts.length > chosen.length && (
        <Alert
          type="warning"
          showIcon
          title={t('publish.notEnoughDrivers', { count: drafts.length - chosen.length })}
          style={{ marginBottom: 12 }}
        />
      )}
      {running && (
        <Progress
          percent={Math.round((done / Math.max(1, chosen.length)) * 100)}
          format={() => t('publish.progress', { done, total: chosen.length })}
        />
      )}
      <Table<Route>
        rowKey="id"
        size="small"
        dataSource={drafts}
        pagination={false}
        scroll={{ y: 420 }}
        columns={[
          {
            title: t('col.route'),
            key: 'r',
            width: 130,
            render: (_, r) => (
              <>
                <Tag color={routeColor(r)}>{t('route.name', { no: r.routeNo })}</Tag>
                {r.vehicleNo !== null && (
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    {t('trip.vehicleTrip', { vehicle: r.vehicleNo, trip: r.tripNo })}
                  </Typography.Text>
                )}
              </>
            ),
          },
          { title: t('col.stops'), key: 's', width: 70, align: 'right', render: (_, r) => r.stops.length },
          {
            title: t('col.driver'),
            key: 'd',
            render: (_, r) => (
              <>
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  style={{ width: 300 }}
                  placeholder={t('publish.chooseDriver')}
                  value={choice[r.id]}
                  disabled={running}
                  onChange={(v: string | undefined) => setChoice((c) => ({ ...c, [r.id]: v }))}
                  options={driverOptions(drivers, new Set([...busy(r), ...taken(r)]), t('publish.busy'))}
                  data-testid="publish-all-driver"
                />
                {failures[r.id] && (
                  <Typography.Text type="danger" style={{ display: 'block' }}>
                    {failures[r.id]}
                  </Typography.Text>
                )}
              </>
            ),
          },
        ]}
      />
    </Modal>
  );
}
