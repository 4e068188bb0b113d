import { Alert, Button, Col, Modal, Result, Row, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../../common/format.ts';
import { type PurchaseOrder, type PurchaseOrderLine, useDayPurchaseOrders } from '../purchasing/shared.tsx';
import { receiptTotals, shortfallOf } from './receipt.ts';

/**
 * What completing the receiving did: units stocked, rejected and over, what the supplier is paid,
 * the lines likely to go short, and whether the day's shortage allocation (refunds) now runs:
 * it does once every purchase order of the date is received or cancelled.
 */
export function ReceivingResult({ po, onClose }: { po: PurchaseOrder | null; onClose: () => void }) {
  const { t } = useTranslation('warehouse');
  const day = useDayPurchaseOrders(po?.deliveryDate);
  if (!po) return null;
  const totals = receiptTotals(po);
  const short = po.lines.filter((l) => shortfallOf(l) > 0);
  const stillOpen = (day.data?.items ?? []).filter((p) => p.status !== 'received' && p.status !== 'cancelled').length;

  return (
    <Modal
      open
      width={760}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} data-testid="receiving-result-close">
          {t('result.close')}
        </Button>
      }
    >
      <div data-testid="receiving-result">
        <Result
          status="success"
          title={t('result.title')}
          subTitle={t('result.subtitle', { supplier: po.supplierName, date: po.deliveryDate })}
          style={{ padding: '16px 0' }}
        />
        <Row gutter={16} style={{ marginBottom: 16 }}>
          <Col span={6}>
            <Statistic title={t('result.accepted')} value={totals.accepted} />
          </Col>
          <Col span={6}>
            <Statistic title={t('result.rejected')} value={totals.rejected} />
          </Col>
          <Col span={6}>
            <Statistic title={t('result.over')} value={totals.over} />
          </Col>
          <Col span={6}>
            <Statistic title={t('result.payable')} value={yuan(totals.payableFen)} />
          </Col>
        </Row>
        <Typography.Title level={5}>{t('result.shortfallTitle')}</Typography.Title>
        {short.length === 0 ? (
          <Typography.Paragraph type="secondary">{t('result.noShortfall')}</Typography.Paragraph>
        ) : (
          <Table<PurchaseOrderLine>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={short}
            style={{ marginBottom: 12 }}
            columns={[
              { title: t('col.sku'), dataIndex: 'skuName', ellipsis: true },
              { title: t('col.ordered'), dataIndex: 'orderedQuantity', width: 80, align: 'right' },
              { title: t('col.accepted'), dataIndex: 'acceptedQuantity', width: 80, align: 'right' },
              {
                title: t('col.shortfall'),
                key: 'short',
                width: 100,
                align: 'right',
                render: (_, l) => <Typography.Text type="danger">{shortfallOf(l)}</Typography.Text>,
              },
            ]}
          />
        )}
        {day.isSuccess && (
          <Alert
            type={stillOpen === 0 ? 'success' : 'info'}
            showIcon
            data-testid="allocation-state"
            title={stillOpen === 0 ? t('result.allocating') : t('result.waiting', { count: stillOpen })}
          />
        )}
      </div>
    </Modal>
  );
}
