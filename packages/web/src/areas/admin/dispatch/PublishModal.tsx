import { PublishRoute } from '@linli/contracts/logistics';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, type ButtonProps, Checkbox, Form, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { zodRule } from '../../../common/validation.ts';
import { api } from '../api.ts';
import { type Driver, type Route, type VehicleType, isDraft, otherTrips, routeErrorText, vehicleKey } from './shared.ts';
import { useRouteActions } from './useRouteActions.ts';

/** Drivers already on a route of the day (cancelled routes free their driver), besides the given route. */
export function busyDrivers(routes: readonly Route[], except?: string): Set<string> {
  return new Set(routes.filter((r) => r.id !== except && r.status !== 'cancelled' && r.driverId).map((r) => r.driverId as string));
}

/** Driver options: active drivers, the ones busy that day shown but disabled. */
export function driverOptions(drivers: readonly Driver[], busy: ReadonlySet<string>, busyText: string) {
  return drivers
    .filter((d) => d.active)
    .map((d) => ({ value: d.id, label: `${d.name} ${d.phone}${busy.has(d.id) ? ` · ${busyText}` : ''}`, disabled: busy.has(d.id) }));
}

type PublishBody = { driverId: string; vehicleTypeId?: string };

/**
 * Publishes a draft route to a driver, optionally on another vehicle type; for a vehicle making
 * several trips, its other draft trips too (on by default), one after another with the same
 * driver (and vehicle type), each failing on its own. Asked again after a partial failure, it
 * publishes what is still a draft. A route of a standing line proposes the line's driver.
 */
export function PublishModal({
  route,
  routes,
  drivers,
  vehicleTypes,
  onClose,
}: {
  route: Route | null;
  routes: readonly Route[];
  drivers: readonly Driver[];
  vehicleTypes: ReadonlyMap<string, VehicleType>;
  onClose: () => void;
}) {
  const { t } = useTranslation('dispatch');
  const { message } = App.useApp();
  const { refresh } = useRouteActions();
  const [form] = Form.useForm<PublishBody>();
  const [error, setError] = useState<string | null>(null);
  const [together, setTogether] = useState(true);
  const [failures, setFailures] = useState<{ route: Route; error: string }[]>([]);
  // The vehicle's other trips still to publish (with stops), in trip order.
  const others = route ? otherTrips(route, routes).filter((r) => isDraft(r) && r.stops.length > 0) : [];
  const publish = useMutation({
    mutationFn: async (body: PublishBody) => {
      const main = route as Route;
      let ok = 0;
      // This trip first: when it fails, nothing else is published.
      if (isDraft(main)) {
        await api.post<Route>(`admin/routes/${main.id}/publish`, body);
        ok++;
      }
      const failed: { route: Route; error: string }[] = [];
      for (const r of together ? others : []) {
        try {
          await api.post<Route>(`admin/routes/${r.id}/publish`, body);
          ok++;
        } catch (err) {
          failed.push({ route: r, error: routeErrorText(t, err) });
        }
      }
      return { ok, failed };
    },
    onSuccess: ({ ok, failed }) => {
      refresh();
      setFailures(failed);
      if (failed.length === 0) {
        if (ok > 0) message.success(ok > 1 ? t('publish.allDone', { ok }) : t('publish.published'));
        onClose();
      } else message.warning(t('publish.allPartly', { ok, failed: failed.length }));
    },
    onError: (err) => setError(routeErrorText(t, err)),
  });
  // A vehicle's trips share their driver: its other trips do not make the driver busy.
  const busy = busyDrivers(route ? routes.filter((r) => vehicleKey(r) !== vehicleKey(route)) : routes, route?.id);
  const options = driverOptions(drivers, busy, t('publish.busy'));
  // Reset when the dialog opens on a route, not when a refresh brings a new copy of it; a route
  // without a driver yet proposes its standing line's driver, when that driver is free.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the route's id on purpose
  useEffect(() => {
    if (route) {
      form.resetFields();
      const lineDriver = route.driverId ? undefined : options.find((o) => o.value === route.lineDriverId && !o.disabled);
      if (lineDriver) form.setFieldsValue({ driverId: lineDriver.value });
      setError(null);
      setFailures([]);
      setTogether(true);
    }
  }, [route?.id, form]);
  const tripNames = others.map((r) => `${t('route.name', { no: r.routeNo })} · ${t('trip.label', { no: r.tripNo })}`);
  return (
    <Modal
      open={route !== null}
      title={route ? t('publish.title', { no: route.routeNo }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('route.publish')}
      okButtonProps={{ loading: publish.isPending, 'data-testid': 'publish-confirm' } as ButtonProps}
    >
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) =>
          publish.mutate(v.vehicleTypeId ? { driverId: v.driverId, vehicleTypeId: v.vehicleTypeId } : { driverId: v.driverId })
        }
      >
        <Form.Item name="driverId" label={t('publish.driver')} rules={[zodRule(PublishRoute.shape.driverId, t)]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('publish.chooseDriver')}
            options={options}
            data-testid="publish-driver"
          />
        </Form.Item>
        <Form.Item name="vehicleTypeId" label={t('publish.vehicle')}>
          <Select
            allowClear
            placeholder={t('publish.sameVehicle')}
            options={[...vehicleTypes.values()]
              .filter((v) => v.active)
              .map((v) => ({ value: v.id, label: `${v.name} · ${t(`temp.${v.temperatureClass}`)}` }))}
          />
        </Form.Item>
      </Form>
      {others.length > 0 && (
        <Checkbox
          checked={together}
          onChange={(e) => setTogether(e.target.checked)}
          style={{ marginBottom: 12 }}
          data-testid="publish-trips"
        >
          {t('publish.alsoTrips', { routes: tripNames.join(t('publish.sep')) })}
        </Checkbox>
      )}
      {error && <Alert type="error" showIcon title={error} data-testid="publish-error" />}
      {failures.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('publish.tripsFailed')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {failures.map((f) => (
                <li key={f.route.id} data-testid="publish-trip-error" data-route-id={f.route.id}>
                  {t('publish.tripFailed', { route: t('route.name', { no: f.route.routeNo }), error: f.error })}
                </li>
              ))}
            </ul>
          }
        />
      )}
    </Modal>
  );
}
