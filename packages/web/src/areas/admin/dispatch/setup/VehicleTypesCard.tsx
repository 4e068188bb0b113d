import { CreateVehicleType } from '@linli/contracts/logistics';
import { TemperatureClass } from '@linli/contracts';
import { Button, Col, Form, Input, InputNumber, Row, Select, Table, Tag } from 'antd';
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
type Values = {
  name: string;
  carrierId: string | null;
  temperatureClass: VehicleType['temperatureClass'];
  capacityWeightKg: number;
  capacityVolumeL: number;
  capacityCrates: number;
  costPerKm: number;
  costPerTrip: number;
  availableCount: number;
  maxTrips: number;
};

/** Vehicle types of our own fleet and of carriers: capacities, temperature class, costs and how many are available. */
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
  const body = (v: Values) => ({
    name: v.name,
    temperatureClass: v.temperatureClass,
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
            dataIndex: 'temperatureClass',
            width: 70,
            render: (v: VehicleType['temperatureClass']) => <Tag color={tempColor[v]}>{t(`temp.${v}`)}</Tag>,
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
            ? { ...current, costPerKm: fenToYuan(current.costPerKmFen), costPerTrip: fenToYuan(current.costPerTripFen) }
            : { carrierId: null, temperatureClass: 'ambient', costPerKm: 0, costPerTrip: 0, availableCount: 1, maxTrips: 1 }
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
            <Col span={16}>
              <Form.Item name="name" label={t('setup.name')} rules={[zodRule(S.name, t)]}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="temperatureClass" label={t('setup.temperatureClass')} rules={[zodRule(S.temperatureClass, t)]}>
                <Select options={TemperatureClass.options.map((c) => ({ value: c, label: t(`temp.${c}`) }))} />
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
