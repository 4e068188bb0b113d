import { CheckCircleOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Popconfirm, Skeleton, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../common/i18n.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';
import { api } from '../api.ts';
import { PoStatusTag, type PurchaseOrder } from '../purchasing/shared.tsx';
import { type LineDraft, emptyDraft, expectedOf, filledDraft, openLines, receiptBody } from './receipt.ts';
import { ReceiptLines } from './ReceiptLines.tsx';
import { ReceivingResult } from './ReceivingResult.tsx';

const receivable = new Set(['confirmed', 'short_confirmed', 'receiving']);

/** Receiving one purchase order: a receipt per line (lot, expiry, received, rejected, over-delivery), then completing it. */
export function ReceivingDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation('warehouse');
  const { message } = App.useApp();
  const client = useQueryClient();
  const [drafts, setDrafts] = useState<Record<string, LineDraft>>({});
  const [showErrors, setShowErrors] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<PurchaseOrder | null>(null);
  const query = useQuery({
    queryKey: ['admin', 'purchase-order', id],
    enabled: Boolean(id),
    queryFn: () => api.get<PurchaseOrder>(`admin/purchase-orders/${id}`),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: start afresh when another order opens
  useEffect(() => {
    setDrafts({});
    setError(null);
    setShowErrors(false);
  }, [id]);

  const refresh = (po: PurchaseOrder) => {
    client.setQueryData(['admin', 'purchase-order', po.id], po);
    void client.invalidateQueries({ queryKey: ['admin-receiving'] });
    void client.invalidateQueries({ queryKey: ['admin', 'purchase-orders'] });
  };
  const po = query.data;
  const body = po ? receiptBody(po, drafts, t) : { lines: [], errors: {} };
  const submit = useMutation({
    mutationFn: () => api.post<PurchaseOrder>(`admin/purchase-orders/${id}/receipts`, { lines: body.lines }),
    onSuccess: (saved) => {
      refresh(saved);
      message.success(t('form.submitted', { count: body.lines.length }));
      setDrafts({});
      setShowErrors(false);
      setError(null);
    },
    onError: (err) => setError(errorText(t, err)),
  });
  const complete = useMutation({
    mutationFn: () => api.post<PurchaseOrder>(`admin/purchase-orders/${id}/receiving/complete`),
    onSuccess: (done) => {
      refresh(done);
      setError(null);
      setResult(done);
    },
    onError: (err) => setError(errorText(t, err)),
  });

  const onSubmit = () => {
    setShowErrors(true);
    if (Object.keys(body.errors).length) return;
    if (body.lines.length === 0) {
      setError(t('form.nothing'));
      return;
    }
    submit.mutate();
  };
  const fillExpected = () => {
    if (!po) return;
    setDrafts((d) => {
      const next = { ...d };
      for (const l of openLines(po)) next[l.id] = filledDraft(l, po.deliveryDate, next[l.id]);
      return next;
    });
  };
  const canReceive = po ? receivable.has(po.status) : false;
  const open = po ? openLines(po).length : 0;
  // Completing is refused while a line the supplier promised units of is not recorded: it would empty it unseen.
  const unrecorded = po ? openLines(po).filter((l) => expectedOf(l) > 0).length : 0;

  return (
    <Drawer
      open={Boolean(id)}
      onClose={onClose}
      size={1200}
      title={po ? t('form.title', { supplier: po.supplierName }) : ' '}
      extra={
        po && (
          <Space>
            <PoStatusTag status={po.status} />
            <Typography.Text type="secondary">{po.deliveryDate}</Typography.Text>
            {canReceive && unrecorded > 0 && (
              <Typography.Text type="warning" data-testid="receiving-complete-blocked">
                {t('form.completeBlocked', { count: unrecorded })}
              </Typography.Text>
            )}
            {canReceive && (
              <Popconfirm
                title={open > 0 ? t('form.completeConfirm', { count: open }) : t('form.completeConfirmAll')}
                onConfirm={() => complete.mutate()}
                disabled={unrecorded > 0}
              >
                <Button
                  type="primary"
                  icon={<CheckCircleOutlined />}
                  loading={complete.isPending}
                  disabled={unrecorded > 0}
                  data-testid="receiving-complete"
                >
                  {t('form.complete')}
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
          {canReceive ? (
            <Alert
              type="info"
              showIcon
              title={t('form.hint')}
              description={t('form.lotHint')}
              style={{ marginBottom: 12 }}
              data-testid="receipt-hint"
            />
          ) : (
            po.status !== 'received' && <Alert type="warning" showIcon title={t('form.notReceivable')} style={{ marginBottom: 12 }} />
          )}
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="receipt-error" />}
          <ReceiptLines
            po={po}
            drafts={drafts}
            errors={showErrors ? body.errors : {}}
            editable={canReceive}
            onChange={(lineId, patch) => setDrafts((d) => ({ ...d, [lineId]: { ...(d[lineId] ?? emptyDraft), ...patch } }))}
          />
          {canReceive && open > 0 && (
            <Space style={{ marginTop: 12 }}>
              <Button type="primary" onClick={onSubmit} loading={submit.isPending} data-testid="receipt-submit">
                {t('form.submit')}
              </Button>
              <Button onClick={fillExpected} data-testid="receipt-fill">
                {t('form.fillExpected')}
              </Button>
            </Space>
          )}
        </>
      )}
      <ReceivingResult po={result} onClose={() => setResult(null)} />
    </Drawer>
  );
}
