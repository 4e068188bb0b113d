import { CreateWarehouse } from '@linli/contracts/logistics';
import { Button, Col, Form, Input, InputNumber, Row, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { zodRule } from '../../../../common/validation.ts';
import { api } from '../../api.ts';
import type { Warehouse } from '../shared.ts';
import { ActiveSwitch, SetupCard } from './common.tsx';
import { EditModal } from './EditModal.tsx';

const listKey = ['admin', 'warehouses'];
type Values = { name: string; address: string; lat: number; lng: number; reloadMinutes: number };

/** Warehouses: where routes start and end. */
export function WarehousesCard({ warehouses, loading }: { warehouses: Warehouse[]; loading: boolean }) {
  const { t } = useTranslation('dispatch');
  const [editing, setEditing] = useState<Warehouse | 'new' | null>(null);
  const current = editing === 'new' ? null : editing;
  return (
    <SetupCard title={t('setup.warehouses')} onAdd={() => setEditing('new')} testId="warehouse">
      <Table<Warehouse>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={warehouses}
        pagination={false}
        columns={[
          { title: t('setup.name'), dataIndex: 'name', width: 140 },
          { title: t('setup.address'), dataIndex: 'address', ellipsis: true },
          {
            title: `${t('setup.lat')}, ${t('setup.lng')}`,
            key: 'p',
            width: 150,
            render: (_, w) => `${w.lat.toFixed(4)}, ${w.lng.toFixed(4)}`,
          },
          { title: t('setup.reloadMinutes'), dataIndex: 'reloadMinutes', width: 110, align: 'right' },
          {
            title: t('setup.active'),
            key: 'a',
            width: 70,
            render: (_, w) => <ActiveSwitch path={`admin/warehouses/${w.id}`} active={w.active} listKey={listKey} />,
          },
          {
            title: '',
            key: 'e',
            width: 64,
            render: (_, w) => (
              <Button size="small" type="link" onClick={() => setEditing(w)}>
                {t('common:edit')}
              </Button>
            ),
          },
        ]}
      />
      <EditModal<Values>
        open={editing !== null}
        title={current ? t('setup.editTitle', { what: t('setup.warehouses') }) : t('setup.newTitle', { what: t('setup.warehouses') })}
        initialValues={
          current
            ? { name: current.name, address: current.address, lat: current.lat, lng: current.lng, reloadMinutes: current.reloadMinutes }
            : { reloadMinutes: 30 }
        }
        listKey={listKey}
        onClose={() => setEditing(null)}
        save={(v) => (current ? api.patch(`admin/warehouses/${current.id}`, v) : api.post('admin/warehouses', v))}
        testId="warehouse"
      >
        {() => (
          <>
            <Form.Item name="name" label={t('setup.name')} rules={[zodRule(CreateWarehouse.shape.name, t)]}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="address" label={t('setup.address')} rules={[zodRule(CreateWarehouse.shape.address, t)]}>
              <Input maxLength={200} />
            </Form.Item>
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name="lat" label={t('setup.lat')} rules={[zodRule(CreateWarehouse.shape.lat, t)]}>
                  <InputNumber step={0.0001} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="lng" label={t('setup.lng')} rules={[zodRule(CreateWarehouse.shape.lng, t)]}>
                  <InputNumber step={0.0001} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item
              name="reloadMinutes"
              label={t('setup.reloadMinutes')}
              extra={t('setup.reloadMinutesHint')}
              rules={[zodRule(CreateWarehouse.shape.reloadMinutes, t)]}
            >
              <InputNumber min={0} max={240} precision={0} style={{ width: '100%' }} data-testid="warehouse-reload-minutes" />
            </Form.Item>
          </>
        )}
      </EditModal>
    </SetupCard>
  );
}
