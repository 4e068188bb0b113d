import { SendOutlined, StopOutlined } from '@ant-design/icons';
import { AdjustPurchaseOrder } from '@linli/contracts/procurement';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Popconfirm, Skeleton, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dateTime, yuan } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { useCan } from '../permissions.ts';
import { OrderLines } from './OrderLines.tsx';
import { PhoneConfirmButton, PhoneConfirmed } from './PhoneConfirmation.tsx';
import { shortLines } from './OrdersTab.tsx';
import { ExportButton, PoStatusTag, type PurchaseOrder } from './shared.tsx';

/** The quantities changed against the order, as the PATCH …/lines body. */
export function changedLines(po: PurchaseOrder, edits: Record<string, number | null>) {
  return po.lines
    .filter((l) => l.id in edits && edits[l.id] !== l.orderedQuantity)
    .map((l) => ({ lineId: l.id, orderedQuantity: edits[l.id] as number }));
}

/** One purchase order: its lines, quantities to adjust while a draft, send, cancel and the Excel export. */
export function OrderDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation('purchasing');
  const changeable = useCan()('purchasing.changeOrder');
  const { message } = App.useApp();
  const client = useQueryClient();
  const [edits, setEdits] = useState<Record<string, number | null>>({});
  const [error, setError] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ['admin', 'purchase-order', id],
    enabled: Boolean(id),
    queryFn: () => api.get<PurchaseOrder>(`admin/purchase-orders/${id}`),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: start afresh when another order opens
  useEffect(() => {
    setEdits({});
    setError(null);
  }, [id]);

  const done = (po: PurchaseOrder, text: string) => {
    client.setQueryData(['admin', 'purchase-order', po.id], po);
    void client.invalidateQueries({ queryKey: ['admin-purchase-orders'] });
    void client.invalidateQueries({ queryKey: ['admin', 'purchase-orders'] });
    setEdits({});
    setError(null);
    message.success(text);
  };
  const fail = (err: unknown) => setError(errorText(t, err));
  const save = useMutation({
    mutationFn: (body: unknown) => api.patch<PurchaseOrder>(`admin/purchase-orders/${id}/lines`, body),
    onSuccess: (po) => done(po, t('detail.saved')),
    onError: fail,
  });
  const send = useMutation({
    mutationFn: () => api.post<PurchaseOrder>(`admin/purchase-orders/${id}/send`),
    onSuccess: (po) => done(po, t('detail.sent')),
    onError: fail,
  });
  const cancel = useMutation({
    mutationFn: () => api.post<PurchaseOrder>(`admin/purchase-orders/${id}/cancel`),
    onSuccess: (po) => done(po, t('detail.cancelled')),
    onError: fail,
  });

  const po = query.data;
  const changes = po ? changedLines(po, edits) : [];
  const parsed = AdjustPurchaseOrder.safeParse({ lines: changes });
  const invalid = Object.values(edits).some((v) => v === null);
  const draft = po?.status === 'draft' && changeable;
  const short = po ? shortLines(po) : 0;

  return (
    <Drawer
      open={Boolean(id)}
      onClose={onClose}
      size={1080}
      title={po ? t('detail.title', { id: po.poNo }) : ' '}
      extra={
        po && (
          <Space>
            <ExportButton
              path={`admin/purchase-orders/${po.id}/export.xlsx`}
              filename={`${po.supplierName}-${po.deliveryDate}.xlsx`}
              label={t('detail.export')}
              testId="po-export"
            />
            {changeable && (po.status === 'draft' || po.status === 'sent') && (
              <Popconfirm title={t('detail.cancelConfirm')} onConfirm={() => cancel.mutate()} okButtonProps={{ danger: true }}>
                <Button danger icon={<StopOutlined />} loading={cancel.isPending} data-testid="po-cancel">
                  {t('detail.cancel')}
                </Button>
              </Popconfirm>
            )}
            {changeable && po.status === 'sent' && <PhoneConfirmButton po={po} onDone={(saved) => done(saved, t('phone.recorded'))} />}
            {draft && (
              <Popconfirm title={t('detail.sendConfirm')} onConfirm={() => send.mutate()} disabled={changes.length > 0}>
                <Button type="primary" icon={<SendOutlined />} loading={send.isPending} disabled={changes.length > 0} data-testid="po-send">
                  {t('detail.send')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        )
      }
    >
      <LoadError query={query} />
      {query.isPending && id && <Skeleton active />}
      {po && (
        <>
          <Descriptions
            size="small"
            column={4}
            style={{ marginBottom: 16 }}
            items={[
              { key: 's', label: t('detail.supplier'), children: po.supplierName },
              { key: 'd', label: t('detail.deliveryDate'), children: po.deliveryDate },
              { key: 'st', label: t('detail.status'), children: <PoStatusTag status={po.status} /> },
              { key: 'tt', label: t('detail.total'), children: yuan(po.totalCostFen) },
              { key: 'c', label: t('detail.createdAt'), children: dateTime(po.createdAt) },
              { key: 'se', label: t('detail.sentAt'), children: po.sentAt ? dateTime(po.sentAt) : '—' },
              { key: 'co', label: t('detail.confirmedAt'), children: po.confirmedAt ? dateTime(po.confirmedAt) : '—' },
              { key: 'r', label: t('detail.receivedAt'), children: po.receivedAt ? dateTime(po.receivedAt) : '—' },
              {
                key: 'w',
                label: t('detail.warehouse'),
                span: 4,
                children: po.warehouse ? `${po.warehouse.name} · ${po.warehouse.address}` : '—',
              },
            ]}
          />
          <PhoneConfirmed po={po} />
          {short > 0 && <Alert type="warning" showIcon title={t('detail.shortLines', { count: short })} style={{ marginBottom: 12 }} />}
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="po-error" />}
          <OrderLines po={po} edits={edits} onEdit={draft ? (lineId, v) => setEdits((e) => ({ ...e, [lineId]: v })) : undefined} />
          {draft && (
            <Space style={{ marginTop: 12 }}>
              <Button
                type="primary"
                ghost
                disabled={changes.length === 0 || invalid || !parsed.success}
                loading={save.isPending}
                onClick={() => save.mutate(parsed.data)}
                data-testid="po-save"
              >
                {t('detail.save')}
              </Button>
              {changes.length > 0 && <Button onClick={() => setEdits({})}>{t('common:reset')}</Button>}
              {changes.length > 0 && <span style={{ color: '#d46b08' }}>{t('detail.unsaved')}</span>}
            </Space>
          )}
        </>
      )}
    </Drawer>
  );
}
