import * as aftersales from '@linli/contracts/aftersales';
import * as orders from '@linli/contracts/orders';
import { useMutation } from '@tanstack/react-query';
import type { ButtonProps } from 'antd';
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { yuan, yuanToFen } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { zodRule } from '../../../common/validation.ts';
import { api } from '../api.ts';
import { usePickupPoints } from './shared.ts';

type Detail = orders.DeskOrderDetail;
type Line = Detail['lines'][number];
interface Props {
  order: Detail;
  onClose: () => void;
  onDone: (d: Detail) => void;
}

/** A confirmation dialog around a form: OK submits, the server's refusal shows inside. */
function ActionModal({
  title,
  okText,
  loading,
  error,
  onOk,
  onClose,
  testId,
  children,
}: {
  title: string;
  okText: string;
  loading: boolean;
  error: unknown;
  onOk: () => void;
  onClose: () => void;
  testId: string;
  children: React.ReactNode;
}) {
  const { t } = useTranslation('orders');
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={onOk}
      okText={okText}
      okButtonProps={{ loading, 'data-testid': `${testId}-submit` } as ButtonProps}
      destroyOnHidden
    >
      {children}
      {error ? <Alert type="error" showIcon title={errorText(t, error)} data-testid={`${testId}-error`} /> : null}
    </Modal>
  );
}

interface RefundValues {
  quantity: number;
  amount?: number | null;
  cause: orders.RefundOrderLine['cause'];
  blame: orders.RefundOrderLine['blame'];
  reason: string;
}

/** Refunds a line: units, an amount (default unit price × units), the cause and who is to blame. */
export function RefundModal({ order, line, onClose, onDone }: Props & { line: Line }) {
  const { t } = useTranslation('orders');
  const { message } = App.useApp();
  const [form] = Form.useForm<RefundValues>();
  const refund = useMutation({
    mutationFn: (v: RefundValues) =>
      api.post<Detail>(`admin/order-desk/${order.id}/refund`, {
        orderLineId: line.id,
        quantity: v.quantity,
        ...(v.amount ? { amountFen: yuanToFen(v.amount) } : {}),
        cause: v.cause,
        blame: v.blame,
        reason: v.reason.trim(),
      }),
    onSuccess: (d) => {
      void message.success(t('refund.done'));
      onDone(d);
      onClose();
    },
  });
  return (
    <ActionModal
      title={`${t('refund.title')} · ${line.title}`}
      okText={t('refund.submit')}
      loading={refund.isPending}
      error={refund.error}
      onOk={() => form.submit()}
      onClose={onClose}
      testId="refund"
    >
      <Alert type="warning" showIcon title={t('refund.confirm')} style={{ marginBottom: 12 }} />
      <Form<RefundValues>
        form={form}
        layout="vertical"
        initialValues={{ quantity: Math.min(1, line.refundableQuantity), cause: 'missing', blame: 'none', reason: '' }}
        onFinish={(v) => refund.mutate(v)}
      >
        <Form.Item name="quantity" label={t('refund.quantity')} extra={t('refund.quantityHelp', { max: line.refundableQuantity })}>
          <InputNumber min={0} max={line.refundableQuantity} precision={0} data-testid="refund-quantity" />
        </Form.Item>
        <Form.Item name="amount" label={t('refund.amount')} extra={t('refund.amountHelp', { max: yuan(line.refundableFen) })}>
          <InputNumber prefix="¥" min={0} max={line.refundableFen / 100} step={0.01} precision={2} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="cause" label={t('refund.cause')}>
          <Select options={aftersales.ClaimType.options.map((c) => ({ value: c, label: t(`cause.${c}`) }))} />
        </Form.Item>
        <Form.Item name="blame" label={t('refund.blame')}>
          <Select options={aftersales.CaseBlame.options.map((b) => ({ value: b, label: t(`blame.${b}`) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('refund.reason')} rules={[zodRule(orders.RefundOrderLine.shape.reason, t)]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="refund-reason" />
        </Form.Item>
      </Form>
    </ActionModal>
  );
}

interface RedeliverValues {
  quantity: number;
  date?: dayjs.Dayjs | null;
  reason: string;
}

/** Sends a missing line again with a later delivery (default tomorrow) to the order's pickup point. */
export function RedeliverModal({ order, line, onClose, onDone }: Props & { line: Line }) {
  const { t } = useTranslation('orders');
  const { message } = App.useApp();
  const [form] = Form.useForm<RedeliverValues>();
  const redeliver = useMutation({
    mutationFn: (v: RedeliverValues) =>
      api.post<Detail>(`admin/order-desk/${order.id}/redeliver`, {
        orderLineId: line.id,
        quantity: v.quantity,
        ...(v.date ? { deliveryDate: v.date.format('YYYY-MM-DD') } : {}),
        reason: v.reason.trim(),
      }),
    onSuccess: (d) => {
      void message.success(t('redeliver.done'));
      onDone(d);
      onClose();
    },
  });
  return (
    <ActionModal
      title={`${t('redeliver.title')} · ${line.title}`}
      okText={t('redeliver.submit')}
      loading={redeliver.isPending}
      error={redeliver.error}
      onOk={() => form.submit()}
      onClose={onClose}
      testId="redeliver"
    >
      <Form<RedeliverValues>
        form={form}
        layout="vertical"
        initialValues={{ quantity: 1, reason: '' }}
        onFinish={(v) => redeliver.mutate(v)}
      >
        <Form.Item name="quantity" label={t('redeliver.quantity')} extra={t('redeliver.quantityHelp', { max: line.redeliverableQuantity })}>
          <InputNumber min={1} max={line.redeliverableQuantity} precision={0} data-testid="redeliver-quantity" />
        </Form.Item>
        <Form.Item name="date" label={t('redeliver.date')} extra={t('redeliver.dateHelp')}>
          <DatePicker disabledDate={(d) => d.isBefore(dayjs().add(1, 'day'), 'day')} />
        </Form.Item>
        <Form.Item name="reason" label={t('redeliver.reason')} rules={[zodRule(orders.RedeliverOrderLine.shape.reason, t)]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="redeliver-reason" />
        </Form.Item>
      </Form>
    </ActionModal>
  );
}

interface MoveValues {
  pickupPointId: string;
  reason: string;
}

/** Moves an order not yet sorted to another open pickup point. */
export function MoveModal({ order, onClose, onDone }: Props) {
  const { t } = useTranslation('orders');
  const { message } = App.useApp();
  const [form] = Form.useForm<MoveValues>();
  const points = usePickupPoints();
  const move = useMutation({
    mutationFn: (v: MoveValues) =>
      api.post<Detail>(`admin/order-desk/${order.id}/move`, { pickupPointId: v.pickupPointId, reason: v.reason.trim() }),
    onSuccess: (d) => {
      void message.success(t('move.done'));
      onDone(d);
      onClose();
    },
  });
  const options = (points.data ?? [])
    .filter((p) => p.id !== order.pickupPointId && p.status === 'open')
    .map((p) => ({ value: p.id, label: p.name }));
  return (
    <ActionModal
      title={t('move.title')}
      okText={t('move.submit')}
      loading={move.isPending}
      error={move.error}
      onOk={() => form.submit()}
      onClose={onClose}
      testId="move"
    >
      <Form<MoveValues> form={form} layout="vertical" initialValues={{ reason: '' }} onFinish={(v) => move.mutate(v)}>
        <Form.Item name="pickupPointId" label={t('move.point')} rules={[zodRule(orders.MoveOrder.shape.pickupPointId, t)]}>
          <Select showSearch optionFilterProp="label" loading={points.isPending} options={options} data-testid="move-point" />
        </Form.Item>
        <Form.Item name="reason" label={t('move.reason')} rules={[zodRule(orders.MoveOrder.shape.reason, t)]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="move-reason" />
        </Form.Item>
      </Form>
    </ActionModal>
  );
}
