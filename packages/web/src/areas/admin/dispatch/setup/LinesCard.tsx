import { UpdateStandingLine } from '@linli/contracts/logistics';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, type ButtonProps, Card, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { type HTMLAttributes, type Key, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../../common/api.ts';
import { fenToYuan, yuanToFen } from '../../../../common/format.ts';
import { errorText } from '../../../../common/i18n.ts';
import { zodRule } from '../../../../common/validation.ts';
import { LoadError } from '../../../../desktop/LoadError.tsx';
import { api } from '../../api.ts';
import { WarehousePicker, useWarehouseParam } from '../../warehouses.tsx';
import { TemperatureTags } from '../TemperatureTags.tsx';
import {
  type DeliverySettings,
  type Driver,
  type StandingLine,
  deliverySettingsKey,
  standingLinesKey,
  useStandingLines,
} from '../shared.ts';
import { EditModal } from './EditModal.tsx';

type Values = { name: string; driverId?: string };
type LinePatch = { name?: string; driverId?: string | null };

/** What a plan counts per point moved off its line (delivery settings), in yuan, saved with its button. */
function ChangeCost() {
  const { t } = useTranslation('dispatch');
  const { message } = App.useApp();
  const client = useQueryClient();
  const settings = useQuery({
    queryKey: deliverySettingsKey,
    queryFn: () => api.get<DeliverySettings>('admin/delivery-settings'),
  });
  // What the dispatcher typed; null: the saved value.
  const [typed, setTyped] = useState<number | null>(null);
  const saved = settings.data ? fenToYuan(settings.data.lineChangeCostFen) : null;
  const value = typed ?? saved;
  const save = useMutation({
    mutationFn: (yuan: number) => api.patch<DeliverySettings>('admin/delivery-settings', { lineChangeCostFen: yuanToFen(yuan) }),
    onSuccess: (s) => {
      client.setQueryData(deliverySettingsKey, s);
      setTyped(null);
      message.success(t('lines.changeCostSaved'));
    },
    onError: (err) => message.error(errorText(t, err)),
  });
  return (
    <div style={{ padding: '8px 12px' }}>
      <LoadError query={settings} />
      <Space wrap align="center">
        <Typography.Text>{t('lines.changeCost')}</Typography.Text>
        <InputNumber
          min={0}
          max={10_000}
          step={5}
          precision={2}
          style={{ width: 120 }}
          value={value}
          disabled={!settings.data || save.isPending}
          onChange={(v) => setTyped(v)}
          data-testid="line-change-cost"
        />
        <Button
          size="small"
          type="primary"
          disabled={typed === null || typed === saved}
          loading={save.isPending}
          onClick={() => typed !== null && save.mutate(typed)}
          data-testid="line-change-cost-save"
        >
          {t('common:save')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 12 }}>
        {t('lines.changeCostHint')}
      </Typography.Paragraph>
    </div>
  );
}

/**
 * The chosen warehouse's standing lines (固定线路): each with its vehicle type, driver and points in
 * driving order; rename, another driver or none, delete; and the change cost plans count per point
 * moved off its line. Lines are made on the routes tab, from a day's routes.
 */
export function LinesCard({ drivers }: { drivers: readonly Driver[] }) {
  const { t } = useTranslation('dispatch');
  const { message } = App.useApp();
  const client = useQueryClient();
  const { warehouseId, setWarehouseId, active } = useWarehouseParam({ required: true });
  const lines = useStandingLines(warehouseId);
  const [editing, setEditing] = useState<StandingLine | null>(null);
  const [expanded, setExpanded] = useState<readonly Key[]>([]);
  // A route shows its line's name: a renamed or removed line changes the routes too.
  const refreshRoutes = () => void client.invalidateQueries({ queryKey: ['admin', 'routes'] });
  const remove = useMutation({
    mutationFn: (id: string) => api.delete(`admin/standing-lines/${id}`),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: standingLinesKey });
      refreshRoutes();
      message.success(t('lines.deleted'));
    },
    onError: (err) => message.error(errorText(t, err)),
  });
  const toggle = (id: string) => setExpanded((keys) => (keys.includes(id) ? keys.filter((k) => k !== id) : [...keys, id]));
  const driverChoices = (current: StandingLine | null) => [
    ...drivers.filter((d) => d.active).map((d) => ({ value: d.id, label: `${d.name} ${d.phone}` })),
    // A deactivated driver still on the line stays shown (and kept unless changed).
    ...(current?.driverId && !drivers.some((d) => d.active && d.id === current.driverId)
      ? [{ value: current.driverId, label: current.driverName ?? current.driverId, disabled: true }]
      : []),
  ];
  const save = async (line: StandingLine, v: Values) => {
    const patch: LinePatch = {};
    const name = v.name.trim();
    if (name !== line.name) patch.name = name;
    const driverId = v.driverId ?? null;
    if (driverId !== line.driverId) patch.driverId = driverId;
    if (Object.keys(patch).length === 0) return line;
    const saved = await api.patch<StandingLine>(`admin/standing-lines/${line.id}`, patch);
    refreshRoutes();
    return saved;
  };
  return (
    <Card
      size="small"
      title={t('lines.title')}
      extra={<WarehousePicker required value={warehouseId} onChange={setWarehouseId} active={active} />}
      styles={{ body: { padding: 0 } }}
      data-testid="standing-lines"
    >
      <Typography.Paragraph type="secondary" style={{ margin: 0, padding: '8px 12px', fontSize: 12 }}>
        {t('lines.hint')}
      </Typography.Paragraph>
      <LoadError query={lines} />
      <Table<StandingLine>
        rowKey="id"
        size="small"
        loading={lines.isPending && Boolean(warehouseId)}
        dataSource={lines.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('lines.empty') }}
        expandable={{
          showExpandColumn: false,
          expandedRowKeys: expanded,
          expandedRowRender: (l) => (
            <ol style={{ margin: 0, paddingInlineStart: 24 }} data-testid="line-points-list">
              {[...l.points]
                .sort((a, b) => a.seq - b.seq)
                .map((p) => (
                  <li key={`${p.pickupPointId}|${p.goodsClass ?? '*'}`} data-testid="line-point">
                    {p.name} {p.goodsClass && <TemperatureTags classes={[p.goodsClass]} />}
                  </li>
                ))}
            </ol>
          ),
        }}
        onRow={(l) => ({ 'data-testid': 'line-row', 'data-line-id': l.id }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('lines.name'), dataIndex: 'name', width: 140 },
          { title: t('lines.vehicle'), dataIndex: 'vehicleTypeName', ellipsis: true },
          {
            title: t('lines.driver'),
            key: 'driver',
            width: 140,
            render: (_, l) => l.driverName ?? <Typography.Text type="secondary">{t('lines.noDriver')}</Typography.Text>,
          },
          {
            title: t('lines.points'),
            key: 'points',
            width: 100,
            render: (_, l) => (
              <Button
                size="small"
                type="link"
                onClick={() => toggle(l.id)}
                aria-expanded={expanded.includes(l.id)}
                data-testid="line-points"
              >
                {t('lines.pointsCount', { count: l.points.length })}
              </Button>
            ),
          },
          {
            title: '',
            key: 'actions',
            width: 120,
            render: (_, l) => (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => setEditing(l)} data-testid="line-edit">
                  {t('common:edit')}
                </Button>
                <Popconfirm
                  title={t('lines.deleteConfirm', { name: l.name })}
                  okText={t('lines.delete')}
                  okButtonProps={{ danger: true, 'data-testid': 'line-delete-confirm' } as ButtonProps}
                  onConfirm={() => remove.mutateAsync(l.id).catch(() => undefined)}
                >
                  <Button size="small" type="link" danger data-testid="line-delete">
                    {t('lines.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <ChangeCost />
      <EditModal<Values>
        open={editing !== null}
        title={t('lines.editTitle')}
        initialValues={editing ? { name: editing.name, driverId: editing.driverId ?? undefined } : {}}
        listKey={standingLinesKey}
        onClose={() => setEditing(null)}
        save={(v) => save(editing as StandingLine, v)}
        describeError={(err) => (err instanceof ApiError && err.code === 'CONFLICT' ? t('lines.nameTaken') : undefined)}
        testId="line"
      >
        {() => (
          <>
            <Form.Item name="name" label={t('lines.name')} rules={[zodRule(UpdateStandingLine.shape.name.unwrap(), t)]}>
              <Input maxLength={40} data-testid="line-name" />
            </Form.Item>
            <Form.Item name="driverId" label={t('lines.driver')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('lines.chooseDriver')}
                options={driverChoices(editing)}
                data-testid="line-driver"
              />
            </Form.Item>
          </>
        )}
      </EditModal>
    </Card>
  );
}
