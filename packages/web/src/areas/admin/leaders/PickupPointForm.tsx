import { admin } from '@linli/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { errorText } from '../../../common/i18n.ts';
import { zodRule } from '../../../common/validation.ts';
import { api } from '../api.ts';
import { useWarehouses } from '../warehouses.tsx';
import { LazyMap } from './LazyMap.tsx';
import '../warehouseLocales.ts';
import './locales.ts';

type PickupPoint = z.infer<typeof admin.PickupPoint>;
interface Values {
  name: string;
  address: string;
  lat: number;
  lng: number;
  openingHours?: string;
  /** The warehouse serving it; none: the delivery settings' rule. */
  warehouseId?: string;
  /** When deliveries may reach it (HH:MM); empty: no limit of its own. */
  deliveryFrom?: string;
  deliveryUntil?: string;
}

const shape = admin.CreatePickupPoint.shape;

/** Opens a pickup point for a leader, or edits one; the coordinates are shown on the map as they are typed. */
export function PickupPointForm({
  leaderId,
  editing,
  open,
  onClose,
}: {
  leaderId: string;
  editing: PickupPoint | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation(['leaders', 'common', 'warehouseAssignment']);
  const { message } = App.useApp();
  const warehouses = useWarehouses();
  // Closed warehouses stay listed (disabled), so a point still assigned to one shows its name.
  const warehouseOptions = (warehouses.data?.items ?? []).map((w) => ({ value: w.id, label: w.name, disabled: !w.active }));
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const lat = Form.useWatch('lat', form);
  const lng = Form.useWatch('lng', form);
  const save = useMutation({
    mutationFn: (v: Values) => {
      const { warehouseId, deliveryFrom, deliveryUntil, ...fields } = v;
      const body = {
        ...fields,
        openingHours: v.openingHours ?? '',
        // Left empty on an edit: the limit is cleared.
        ...(deliveryFrom ? { deliveryFrom } : editing ? { deliveryFrom: null } : {}),
        ...(deliveryUntil ? { deliveryUntil } : editing ? { deliveryUntil: null } : {}),
        // Cleared on an edit: back to the delivery settings' rule.
        ...(warehouseId ? { warehouseId } : editing && warehouseOptions.length > 0 ? { warehouseId: null } : {}),
      };
      return editing
        ? api.patch<PickupPoint>(`admin/pickup-points/${editing.id}`, body)
        : api.post<PickupPoint>(`admin/leaders/${leaderId}/pickup-points`, body);
    },
    onSuccess: (p) => {
      // A new leader's first point waits for their required training (it comes back closed).
      if (!editing && p.status === 'closed') message.info(t('point.heldForTraining', { name: p.name }));
      else message.success(t('point.saved', { name: p.name }));
      void client.invalidateQueries({ queryKey: ['admin-leader', leaderId] });
      void client.invalidateQueries({ queryKey: ['admin-pickup-points'] });
      onClose();
    },
    onError: (err) => message.error(errorText(t, err)),
  });
  const valid = shape.lat.safeParse(lat).success && shape.lng.safeParse(lng).success;
  return (
    <Modal
      open={open}
      width={720}
      title={editing ? t('point.edit') : t('point.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common:save')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'point-save' }}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          editing
            ? {
                ...editing,
                warehouseId: editing.warehouseId ?? undefined,
                deliveryFrom: editing.deliveryFrom ?? undefined,
                deliveryUntil: editing.deliveryUntil ?? undefined,
              }
            : {}
        }
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="name" label={t('point.name')} rules={[zodRule(shape.name, t)]}>
          <Input maxLength={100} placeholder={t('point.namePlaceholder')} data-testid="point-name" />
        </Form.Item>
        <Form.Item name="address" label={t('point.address')} rules={[zodRule(shape.address, t)]}>
          <Input maxLength={300} data-testid="point-address" />
        </Form.Item>
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr 1fr', gap: 12 }}>
          <Form.Item name="lat" label={t('point.lat')} rules={[zodRule(shape.lat, t)]} extra={t('point.coordsHelp')}>
            <InputNumber precision={6} step={0.001} style={{ width: '100%' }} data-testid="point-lat" />
          </Form.Item>
          <Form.Item name="lng" label={t('point.lng')} rules={[zodRule(shape.lng, t)]}>
            <InputNumber precision={6} step={0.001} style={{ width: '100%' }} data-testid="point-lng" />
          </Form.Item>
          <Form.Item name="openingHours" label={t('point.openingHours')} rules={[zodRule(shape.openingHours, t)]}>
            <Input maxLength={200} placeholder={t('point.openingHoursPlaceholder')} />
          </Form.Item>
          <Form.Item
            name="deliveryFrom"
            label={t('point.deliveryFrom')}
            extra={t('point.deliveryHelp')}
            rules={[{ pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: t('point.timeFormat') }]}
          >
            <Input maxLength={5} placeholder="07:00" data-testid="point-delivery-from" />
          </Form.Item>
          <Form.Item
            name="deliveryUntil"
            label={t('point.deliveryUntil')}
            rules={[{ pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: t('point.timeFormat') }]}
          >
            <Input maxLength={5} placeholder="10:00" data-testid="point-delivery-until" />
          </Form.Item>
        </div>
        {warehouseOptions.length > 0 && (
          <Form.Item name="warehouseId" label={t('warehouseAssignment:point')} extra={t('warehouseAssignment:pointHelp')}>
            <Select
              allowClear
              placeholder={t('warehouseAssignment:pointDefault')}
              options={warehouseOptions}
              data-testid="point-warehouse"
            />
          </Form.Item>
        )}
      </Form>
      <Typography.Text type="secondary">{t('point.preview')}</Typography.Text>
      <LazyMap height={220} points={valid ? [{ id: 'here', lat, lng, color: '#ff6a00' }] : []} fitKey={valid ? `${lat},${lng}` : ''} />
    </Modal>
  );
}
