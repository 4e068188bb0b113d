import { PublishRoute } from '@linli/contracts/logistics';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, type ButtonProps, Form, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { zodRule } from '../../../common/validation.ts';
import { api } from '../api.ts';
import { type Driver, type Route, type VehicleType, routeErrorText } from './shared.ts';
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

/** Publishes a draft route to a driver, optionally on another vehicle type. */
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
  const [form] = Form.useForm<{ driverId: string; vehicleTypeId?: string }>();
  const [error, setError] = useState<string | null>(null);
  const publish = useMutation({
    mutationFn: (body: { driverId: string; vehicleTypeId?: string }) => api.post<Route>(`admin/routes/${route?.id}/publish`, body),
    onSuccess: () => {
      refresh();
      message.success(t('publish.published'));
      onClose();
    },
    onError: (err) => setError(routeErrorText(t, err)),
  });
  useEffect(() => {
    if (route) {
      form.resetFields();
      setError(null);
    }
  }, [route, form]);
  const busy = busyDrivers(routes, route?.id);
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
            options={driverOptions(drivers, busy, t('publish.busy'))}
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
      {error && <Alert type="error" showIcon title={error} data-testid="publish-error" />}
    </Modal>
  );
}
