import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { CreateCarrier, RateCard } from '@linli/contracts/logistics';
import { Button, Col, Form, Input, InputNumber, Row, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fenToYuan, yuan, yuanToFen } from '../../../../common/format.ts';
import { zodRule } from '../../../../common/validation.ts';
import { api } from '../../api.ts';
import type { Carrier } from '../shared.ts';
import { ActiveSwitch, SetupCard, fenRule } from './common.tsx';
import { EditModal } from './EditModal.tsx';

const listKey = ['admin', 'carriers'];
const zoneShape = RateCard.shape.zones.element.shape;
type Values = { name: string; phone: string; perTrip: number; perStop: number; zones: Array<{ uptoKm: number; fee: number }> };

/** The rate card body from the form's yuan figures, zones by ascending distance. */
export function rateCardOf(v: Pick<Values, 'perTrip' | 'perStop' | 'zones'>) {
  return {
    perTripFen: yuanToFen(v.perTrip ?? 0),
    perStopFen: yuanToFen(v.perStop ?? 0),
    zones: (v.zones ?? []).map((z) => ({ uptoKm: z.uptoKm, feeFen: yuanToFen(z.fee) })).sort((a, b) => a.uptoKm - b.uptoKm),
  };
}

/** Outsourced carriers and their rate cards (per trip, per stop, distance zones). */
export function CarriersCard({ carriers, loading }: { carriers: Carrier[]; loading: boolean }) {
  const { t } = useTranslation('dispatch');
  const [editing, setEditing] = useState<Carrier | 'new' | null>(null);
  const current = editing === 'new' ? null : editing;
  return (
    <SetupCard title={t('setup.carriers')} onAdd={() => setEditing('new')} testId="carrier">
      <Table<Carrier>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={carriers}
        pagination={false}
        columns={[
          { title: t('setup.name'), dataIndex: 'name', ellipsis: true },
          { title: t('setup.phone'), dataIndex: 'phone', width: 120 },
          {
            title: t('setup.rateCard'),
            key: 'r',
            ellipsis: true,
            render: (_, c) =>
              t('setup.rateSummary', {
                trip: yuan(c.rateCard.perTripFen),
                stop: yuan(c.rateCard.perStopFen),
                zones: c.rateCard.zones.length,
              }),
          },
          {
            title: t('setup.active'),
            key: 'a',
            width: 60,
            render: (_, c) => <ActiveSwitch path={`admin/carriers/${c.id}`} active={c.active} listKey={listKey} />,
          },
          {
            title: '',
            key: 'e',
            width: 60,
            render: (_, c) => (
              <Button size="small" type="link" onClick={() => setEditing(c)}>
                {t('common:edit')}
              </Button>
            ),
          },
        ]}
      />
      <EditModal<Values>
        open={editing !== null}
        title={current ? t('setup.editTitle', { what: t('setup.carriers') }) : t('setup.newTitle', { what: t('setup.carriers') })}
        initialValues={
          current
            ? {
                name: current.name,
                phone: current.phone,
                perTrip: fenToYuan(current.rateCard.perTripFen),
                perStop: fenToYuan(current.rateCard.perStopFen),
                zones: current.rateCard.zones.map((z) => ({ uptoKm: z.uptoKm, fee: fenToYuan(z.feeFen) })),
              }
            : { perTrip: 0, perStop: 0, zones: [] }
        }
        listKey={listKey}
        onClose={() => setEditing(null)}
        save={(v) => {
          const body = { name: v.name, phone: v.phone, rateCard: rateCardOf(v) };
          return current ? api.patch(`admin/carriers/${current.id}`, body) : api.post('admin/carriers', body);
        }}
        testId="carrier"
      >
        {() => (
          <>
            <Row gutter={12}>
              <Col span={14}>
                <Form.Item name="name" label={t('setup.name')} rules={[zodRule(CreateCarrier.shape.name, t)]}>
                  <Input maxLength={100} />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item name="phone" label={t('setup.phone')} rules={[zodRule(CreateCarrier.shape.phone, t)]}>
                  <Input maxLength={11} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="perTrip" label={t('setup.perTrip')} rules={[fenRule(RateCard.shape.perTripFen, t)]}>
                  <InputNumber min={0} precision={2} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="perStop" label={t('setup.perStop')} rules={[fenRule(RateCard.shape.perStopFen, t)]}>
                  <InputNumber min={0} precision={2} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item label={t('setup.zones')}>
              <Form.List name="zones">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f) => (
                      <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                        <Form.Item name={[f.name, 'uptoKm']} rules={[zodRule(zoneShape.uptoKm, t)]}>
                          <InputNumber min={0} placeholder={t('setup.zoneUpto')} style={{ width: 150 }} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'fee']} rules={[fenRule(zoneShape.feeFen, t)]}>
                          <InputNumber min={0} precision={2} placeholder={t('setup.zoneFee')} style={{ width: 150 }} />
                        </Form.Item>
                        <MinusCircleOutlined onClick={() => remove(f.name)} />
                      </Space>
                    ))}
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} disabled={fields.length >= 20}>
                      {t('setup.addZone')}
                    </Button>
                  </>
                )}
              </Form.List>
            </Form.Item>
          </>
        )}
      </EditModal>
    </SetupCard>
  );
}
