import { CalendarOutlined, RollbackOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../../common/format.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { useCan } from '../permissions.ts';
import { type Decision, DecisionModal, decisionText } from './DecisionModal.tsx';
import { TemperatureTags } from './TemperatureTags.tsx';
import { type UnroutedDecision, type UnroutedList, type UnroutedPoint, weightText } from './shared.ts';

/**
 * The pickup points with goods on the date that no route serves, and the dispatcher's decision
 * for the ones chosen: deliver on a later day or refund. Shown only while there are such points
 * (and the last decision's outcome after). Under ['admin', 'routes']: whatever changes the routes
 * refreshes it. Keyed by the date where it is used, so a choice or an outcome stays with its date.
 * With `warehouseId`, only the points that warehouse serves.
 */
export function UnroutedPanel({ date, warehouseId }: { date: string; warehouseId?: string | undefined }) {
  const { t } = useTranslation('dispatch');
  const decides = useCan()('dispatch.plan');
  const [selected, setSelected] = useState<string[]>([]);
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [outcome, setOutcome] = useState<UnroutedDecision | null>(null);
  const list = useQuery({
    queryKey: ['admin', 'routes', 'unrouted', date, warehouseId],
    queryFn: () => api.get<UnroutedList>('admin/unrouted-points', { deliveryDate: date, warehouseId }),
  });
  const items = list.data?.items ?? [];
  const chosen = items.filter((p) => selected.includes(p.pickupPointId));

  const columns: ColumnsType<UnroutedPoint> = [
    { title: t('col.point'), dataIndex: 'pointName', ellipsis: true },
    { title: t('col.leader'), dataIndex: 'leaderName', width: 110 },
    { title: t('col.orders'), dataIndex: 'orders', width: 72, align: 'right' },
    { title: t('col.units'), dataIndex: 'units', width: 72, align: 'right' },
    { title: t('col.amount'), dataIndex: 'amountFen', width: 110, align: 'right', render: (fen: number) => yuan(fen) },
    {
      title: t('col.goods'),
      dataIndex: 'goods',
      width: 156,
      render: (goods: UnroutedPoint['goods']) => <TemperatureTags classes={goods} />,
    },
    {
      title: t('col.load'),
      key: 'load',
      width: 120,
      render: (_, p) => `${weightText(p.load.weightG)} · ${p.load.crates} ${t('col.crates')}`,
    },
  ];

  return (
    <>
      <LoadError query={list} />
      {outcome && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setOutcome(null) }}
          title={decisionText(t, outcome)}
          data-testid="unrouted-result"
        />
      )}
      {items.length > 0 && (
        <Card
          size="small"
          data-testid="unrouted-panel"
          title={
            <Space>
              {t('unrouted.title')}
              <span data-testid="unrouted-count">
                <Badge count={items.length} overflowCount={999} />
              </span>
            </Space>
          }
          extra={
            decides && (
              <Space>
                {chosen.length > 0 && (
                  <Typography.Text type="secondary" data-testid="unrouted-selection">
                    {t('unrouted.selection', {
                      count: chosen.length,
                      orders: chosen.reduce((s, p) => s + p.orders, 0),
                      amount: yuan(chosen.reduce((s, p) => s + p.amountFen, 0)),
                    })}
                  </Typography.Text>
                )}
                <Button
                  icon={<CalendarOutlined />}
                  disabled={chosen.length === 0}
                  onClick={() => setDeciding('postpone')}
                  data-testid="unrouted-postpone"
                >
                  {t('unrouted.postpone')}
                </Button>
                <Button
                  danger
                  icon={<RollbackOutlined />}
                  disabled={chosen.length === 0}
                  onClick={() => setDeciding('refund')}
                  data-testid="unrouted-refund"
                >
                  {t('unrouted.refund')}
                </Button>
              </Space>
            )
          }
        >
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {decides ? t('unrouted.hint') : t('unrouted.dispatcherDecides')}
          </Typography.Paragraph>
          <Table<UnroutedPoint>
            rowKey="pickupPointId"
            size="small"
            columns={columns}
            dataSource={items}
            pagination={false}
            scroll={{ y: 320 }}
            loading={list.isFetching}
            rowSelection={
              decides ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)), columnWidth: 40 } : undefined
            }
            onRow={() => ({ 'data-testid': 'unrouted-row' }) as HTMLAttributes<HTMLElement>}
          />
        </Card>
      )}
      <DecisionModal
        date={date}
        decision={deciding}
        points={chosen}
        onClose={() => setDeciding(null)}
        onDone={(result) => {
          setOutcome(result);
          setSelected([]);
        }}
      />
    </>
  );
}
