import { Compartments, CreateVehicleType } from '@linli/contracts/logistics';
import { Button, Col, Form, Input, InputNumber, Row, Select, Space, Table, Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fenToYuan, yuan, yuanToFen } from '../../../../common/format.ts';
import { zodRule } from '../../../../common/validation.ts';
import { api } from '../../api.ts';
import type { Carrier, VehicleType } from '../shared.ts';
import { tempColor } from '../TemperatureTags.tsx';
import { ActiveSwitch, SetupCard, fenRule } from './common.tsx';
import { EditModal } from './EditModal.tsx';

const listKey = ['admin', 'vehicle-types'];
const S = CreateVehicleType.shape;
const C = Compartments.shape;
type Values = {
  name: string;
  carrierId: string | null;
  chilledL: number;
  frozenL: number;
  capacityWeightKg: number;
  capacityVolumeL: number;
  capacityCrates: number;
  costPerKm: number;
  costPerTrip: number;
  availableCount: number;
  maxTrips: number;
};

/**
 * A vehicle type's temperatures as tags: its one class when a compartment fills it (or it has none),
 * else each cold compartment with its litres (the rest is ambient).
 */
function CompartmentTags({ v, t }: { v: VehicleType; t: TFunction }) {
  const { chilledL, frozenL } = v.compartments;
  const whole = chilledL + frozenL === 0 || (chilledL + frozenL === v.capacityVolumeL && (chilledL === 0 || frozenL === 0));
  if (whole) return <Tag color={tempColor[v.temperatureClass]}>{t(`temp.${v.temperatureClass}`)}</Tag>;
  const parts = [
    { c: 'chilled', litres: chilledL },
    { c: 'frozen', litres: frozenL },
  ] as const;
  return (
    <Space size={2} wrap data-testid="vehicle-type-compartments">
      {parts
        .filter((p) => p.litres > 0)
        .map((p) => (
          <Tag key={p.c} color={tempColor[p.c]} style={{ marginInlineEnd: 0 }}>
            {t('setup.compartment', { temp: t(`temp.${p.c}`), litres: p.litres })}
          </Tag>
        ))}
    </Space>
  );
}

/** Vehicle types of our own fleet and of carriers: capacities, compartments, costs and how many are available. */
export function VehicleTypesCard({
  vehicleTypes,
  carriers,
  loading,
}: {
  vehicleTypes: VehicleType[];
  carriers: Carrier[];
  loading: boolean;
}) {
  const { t } = useTranslation('dispatch');
  const [editing, setEditing] = useState<VehicleType | 'new' | null>(null);
  const current = editing === 'new' ? null : editing;
  const carrierName = (id: string | null) => (id ? (carriers.find((c) => c.id === id)?.name ?? '—') : t('setup.ownFleet'));
  // Compartments are sent when new or changed: left alone, one that fills the vehicle follows a new volume (the server's rule).
  const compartmentsOf = (v: Pick<Values, 'chilledL' | 'frozenL'>) => ({ chilledL: v.chilledL ?? 0, frozenL: v.frozenL ?? 0 });
  const changed = (c: { chilledL: number; frozenL: number }) =>
    !current || c.chilledL !== current.compartments.chilledL || c.frozenL !== current.compartments.frozenL;
  const body = (v: Values) => ({
    name: v.name,
    ...(changed(compartmentsOf(v)) ? { compartments: compartmentsOf(v) } : {}),
    capacityWeightKg: v.capacityWeightKg,
    capacityVolumeL: v.capacityVolumeL,
    capacityCrates: v.capacityCrates,
    costPerKmFen: yuanToFen(v.costPerKm ?? 0),
    costPerTripFen: yuanToFen(v.costPerTrip ?? 0),
    availableCount: v.availableCount,
    maxTrips: v.maxTrips,
  });
  return (
    <SetupCard title={t('setup.vehicleTypes')} onAdd={() => setEditing('new')} testId="vehicle-type">
      <Table<VehicleType>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={vehicleTypes}
        pagination={false}
        columns={[
          { title: t('setup.name'), dataIndex: 'name', ellipsis: true },
          { title: t('setup.carrier'), dataIndex: 'carrierId', width: 110, ellipsis: true, render: carrierName },
          {
            title: t('setup.temperatureClass'),
            key: 'temperature',
            width: 150,
            render: (_, v) => <CompartmentTags v={v} t={t} />,
          },
          {
            title: `kg / L / ${t('setup.capacityCrates')}`,
            key: 'cap',
            width: 150,
            render: (_, v) => `${v.capacityWeightKg} / ${v.capacityVolumeL} / ${v.capacityCrates}`,
          },
          { title: t('setup.costPerKm'), dataIndex: 'costPerKmFen', width: 100, align: 'right', render: (f: number) => yuan(f) },
          { title: t('setup.availableCount'), dataIndex: 'availableCount', width: 90, align: 'right' },
          { title: t('setup.maxTrips'), dataIndex: 'maxTrips', width: 80, align: 'right' },
          {
            title: t('setup.active'),
            key: 'a',
            width: 60,
            render: (_, v) => <ActiveSwitch path={`admin/vehicle-types/${v.id}`} active={v.active} listKey={listKey} />,
          },
          {
            title: '',
            key: 'e',
            width: 60,
            render: (_, v) => (
              <Button size="small" type="link" onClick={() => setEditing(v)}>
                {t('common:edit')}
              </Button>
            ),
          },
        ]}
      />
      <EditModal<Values>
        open={editing !== null}
        title={current ? t('setup.editTitle', { what: t('setup.vehicleTypes') }) : t('setup.newTitle', { what: t('setup.vehicleTypes') })}
        initialValues={
          current
            ? {
                ...current,
                ...current.compartments,
                costPerKm: fenToYuan(current.costPerKmFen),
                costPerTrip: fenToYuan(current.costPerTripFen),
              }
            : { carrierId: null, chilledL: 0, frozenL: 0, costPerKm: 0, costPerTrip: 0, availableCount: 1, maxTrips: 1 }
        }
        listKey={listKey}
        onClose={() => setEditing(null)}
        save={(v) =>
          current
            ? api.patch(`admin/vehicle-types/${current.id}`, body(v))
            : api.post('admin/vehicle-types', { ...body(v), carrierId: v.carrierId ?? null })
        }
        testId="vehicle-type"
      >
        {() => (
          <Row gutter={12}>
            <Col span={24}>
              <Form.Item name="name" label={t('setup.name')} rules={[zodRule(S.name, t)]}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="carrierId" label={t('setup.carrier')}>
                <Select
                  disabled={Boolean(current)}
                  options={[{ value: null, label: t('setup.ownFleet') }, ...carriers.map((c) => ({ value: c.id, label: c.name }))]}
                />
              </Form.Item>
            </Col>
            {(['capacityWeightKg', 'capacityVolumeL', 'capacityCrates'] as const).map((k) => (
              <Col span={8} key={k}>
                <Form.Item name={k} label={t(`setup.${k}`)} rules={[zodRule(S[k], t)]}>
                  <InputNumber min={1} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            ))}
            <Col span={8}>
              <Form.Item name="chilledL" label={t('setup.chilledL')} rules={[zodRule(C.chilledL, t)]}>
                <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="vehicle-type-chilled" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                name="frozenL"
                label={t('setup.frozenL')}
                dependencies={['chilledL', 'capacityVolumeL']}
                rules={[
                  zodRule(C.frozenL, t),
                  ({ getFieldValue }) => ({
                    validator: async (_, frozenL: number | null) => {
                      const volume = getFieldValue('capacityVolumeL') as number | null;
                      const c = compartmentsOf({ chilledL: getFieldValue('chilledL'), frozenL: frozenL ?? 0 });
                      if (volume && changed(c) && c.chilledL + c.frozenL > volume) throw new Error(t('setup.compartmentsTooLarge'));
                    },
                  }),
                ]}
              >
                <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="vehicle-type-frozen" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label=" " colon={false}>
                <span className="ant-form-item-extra">{t('setup.compartmentsHint')}</span>
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="costPerKm" label={t('setup.costPerKm')} rules={[fenRule(S.costPerKmFen, t)]}>
                <InputNumber min={0} step={0.1} precision={2} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="costPerTrip" label={t('setup.costPerTrip')} rules={[fenRule(S.costPerTripFen, t)]}>
                <InputNumber min={0} step={1} precision={2} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="availableCount" label={t('setup.availableCount')} rules={[zodRule(S.availableCount, t)]}>
                <InputNumber min={0} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="maxTrips" label={t('setup.maxTrips')} extra={t('setup.maxTripsHint')} rules={[zodRule(S.maxTrips, t)]}>
                <InputNumber min={1} max={6} precision={0} style={{ width: '100%' }} data-testid="vehicle-type-max-trips" />
              </Form.Item>
            </Col>
          </Row>
        )}
      </EditModal>
    </SetupCard>
  );
}
