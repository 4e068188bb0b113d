import { CreateDriver } from '@linli/contracts/logistics';
import { Button, Form, Input, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { zodRule } from '../../../../common/validation.ts';
import { api } from '../../api.ts';
import type { Driver } from '../shared.ts';
import { ActiveSwitch, SetupCard } from './common.tsx';
import { DriverBreakSetting } from './DriverBreakSetting.tsx';
import { EditModal } from './EditModal.tsx';

const listKey = ['admin', 'drivers'];

/** Drivers: their phone is their login; and the break every driver takes. */
export function DriversCard({ drivers, loading }: { drivers: Driver[]; loading: boolean }) {
  const { t } = useTranslation('dispatch');
  const [editing, setEditing] = useState<Driver | 'new' | null>(null);
  const current = editing === 'new' ? null : editing;
  return (
    <SetupCard title={t('setup.drivers')} onAdd={() => setEditing('new')} testId="driver">
      <Table<Driver>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={drivers}
        pagination={{ pageSize: 8, size: 'small', hideOnSinglePage: true }}
        columns={[
          { title: t('setup.name'), dataIndex: 'name' },
          { title: t('setup.phone'), dataIndex: 'phone', width: 130 },
          {
            title: t('setup.active'),
            key: 'a',
            width: 70,
            render: (_, d) => <ActiveSwitch path={`admin/drivers/${d.id}`} active={d.active} listKey={listKey} />,
          },
          {
            title: '',
            key: 'e',
            width: 64,
            render: (_, d) => (
              <Button size="small" type="link" onClick={() => setEditing(d)}>
                {t('common:edit')}
              </Button>
            ),
          },
        ]}
      />
      <DriverBreakSetting />
      <EditModal<{ name: string; phone: string }>
        open={editing !== null}
        title={current ? t('setup.editTitle', { what: t('setup.drivers') }) : t('setup.newTitle', { what: t('setup.drivers') })}
        initialValues={current ? { name: current.name, phone: current.phone } : {}}
        listKey={listKey}
        onClose={() => setEditing(null)}
        save={(v) => (current ? api.patch(`admin/drivers/${current.id}`, v) : api.post('admin/drivers', v))}
        testId="driver"
      >
        {() => (
          <>
            <Form.Item name="name" label={t('setup.name')} rules={[zodRule(CreateDriver.shape.name, t)]}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="phone" label={t('setup.phone')} rules={[zodRule(CreateDriver.shape.phone, t)]}>
              <Input maxLength={11} />
            </Form.Item>
          </>
        )}
      </EditModal>
    </SetupCard>
  );
}
