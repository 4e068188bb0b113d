import { PhoneOutlined } from '@ant-design/icons';
import { ConfirmPurchaseOrderByPhone } from '@linli/contracts/procurement';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Input, InputNumber, Modal, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dateTime } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { api } from '../api.ts';
import type { PurchaseOrder, PurchaseOrderLine } from './shared.tsx';

/** The phone confirmation body: the note and the lines confirmed short (the others ship in full, as in the supplier's portal). */
export function phoneConfirmationBody(po: PurchaseOrder, note: string, quantities: Record<string, number | null>) {
  return ConfirmPurchaseOrderByPhone.safeParse({
    note,
    lines: po.lines
      .filter((l) => l.id in quantities && quantities[l.id] !== l.orderedQuantity)
      .map((l) => ({ lineId: l.id, confirmedQuantity: quantities[l.id] })),
  });
}

/** "Confirmed by phone by X" under a purchase order confirmed by phone, with the note; nothing otherwise. */
export function PhoneConfirmed({ po }: { po: PurchaseOrder }) {
  const { t } = useTranslation('purchasing');
  if (!po.phoneConfirmation) return null;
  return (
    <Alert
      type="info"
      showIcon
      icon={<PhoneOutlined />}
      title={t('phone.confirmedBy', { name: po.phoneConfirmation.staffName, at: po.confirmedAt ? dateTime(po.confirmedAt) : '' })}
      description={po.phoneConfirmation.note}
      style={{ marginBottom: 12 }}
      data-testid="po-phone-confirmed"
    />
  );
}

/**
 * Staff record the supplier's confirmation taken by phone when the supplier did not confirm in
 * its portal: the quantities it said it ships (all in full unless changed) and a note; the order
 * moves on as with the supplier's own confirmation.
 */
export function PhoneConfirmButton({ po, onDone }: { po: PurchaseOrder; onDone: (po: PurchaseOrder) => void }) {
  const { t } = useTranslation('purchasing');
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [quantities, setQuantities] = useState<Record<string, number | null>>({});
  const [error, setError] = useState<string | null>(null);
  const body = phoneConfirmationBody(po, note, quantities);
  const invalid = Object.entries(quantities).some(([id, v]) => v === null || v > (po.lines.find((l) => l.id === id)?.orderedQuantity ?? 0));
  const save = useMutation({
    mutationFn: () => api.post<PurchaseOrder>(`admin/purchase-orders/${po.id}/phone-confirmation`, body.data),
    onSuccess: (saved) => {
      setOpen(false);
      setNote('');
      setQuantities({});
      setError(null);
      onDone(saved);
    },
    onError: (err) => setError(errorText(t, err)),
  });
  return (
    <>
      <Button icon={<PhoneOutlined />} onClick={() => setOpen(true)} data-testid="po-phone-confirm">
        {t('phone.record')}
      </Button>
      <Modal
        open={open}
        title={t('phone.title', { supplier: po.supplierName })}
        onCancel={() => setOpen(false)}
        onOk={() => save.mutate()}
        okText={t('phone.save')}
        okButtonProps={{ disabled: !body.success || invalid, loading: save.isPending, 'data-testid': 'po-phone-save' }}
        width={720}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('phone.hint')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="po-phone-error" />}
        <Table<PurchaseOrderLine>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={po.lines}
          columns={[
            { title: t('col.sku'), dataIndex: 'skuName', ellipsis: true },
            { title: t('col.ordered'), dataIndex: 'orderedQuantity', width: 100 },
            {
              title: t('col.confirmed'),
              key: 'confirmed',
              width: 140,
              render: (_, l) => (
                <InputNumber
                  min={0}
                  max={l.orderedQuantity}
                  precision={0}
                  value={l.id in quantities ? quantities[l.id] : l.orderedQuantity}
                  onChange={(v) => setQuantities((q) => ({ ...q, [l.id]: v === null ? null : Number(v) }))}
                  data-testid="po-phone-qty"
                />
              ),
            },
          ]}
        />
        <Typography.Text style={{ display: 'block', marginTop: 12 }}>{t('phone.note')}</Typography.Text>
        <Input.TextArea
          value={note}
          maxLength={500}
          rows={2}
          placeholder={t('phone.notePlaceholder')}
          onChange={(e) => setNote(e.target.value)}
          data-testid="po-phone-note"
        />
      </Modal>
    </>
  );
}
