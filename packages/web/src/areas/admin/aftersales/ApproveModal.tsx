import * as aftersales from '@linli/contracts/aftersales';
import type * as promotions from '@linli/contracts/promotions';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { ButtonProps } from 'antd';
import { Alert, App, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { fenToYuan, yuan, yuanToFen } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { zodRule } from '../../../common/validation.ts';
import { api } from '../api.ts';
import { type Blame, type Claim, approveAmountRule, blames } from './shared.tsx';

interface Values {
  amount: number;
  blame: Blame;
  reason: string;
  couponTemplateId?: string | null;
}

type TemplateOptions = z.infer<typeof promotions.CouponTemplateOptions>;

/** The approval's body: the yuan typed as fen, and the coupon template only when one is chosen. */
export function approveBody(v: Values): z.input<typeof aftersales.AdminApproveClaim> {
  return {
    amountFen: yuanToFen(v.amount),
    blame: v.blame,
    reason: v.reason.trim(),
    ...(v.couponTemplateId ? { couponTemplateId: v.couponTemplateId } : {}),
  };
}

/**
 * Approves a claim for all or part of what was asked: the amount is typed in yuan and sent in
 * fen, with who is to blame (who bears the refund in settlement) and the reason; a coupon of an
 * active coupon template may be granted with it (a compensation).
 */
export function ApproveModal({ claim, onClose, onDone }: { claim: Claim; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('aftersales');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const blame = Form.useWatch('blame', form);
  // The running coupon templates (support may read them; the promotions list is the merchandisers').
  const templates = useQuery({
    queryKey: ['admin-coupon-templates'],
    queryFn: () => api.get<TemplateOptions>('admin/coupon-templates'),
    select: (list) => list.items,
  });
  const approve = useMutation({
    mutationFn: (v: Values) => api.post<Claim>(`admin/aftersales/${claim.id}/approve`, approveBody(v)),
    onSuccess: (c) => {
      void message.success(t('approve.done', { amount: yuan(c.approvedFen ?? 0) }));
      onDone();
      onClose();
    },
  });
  return (
    <Modal
      open
      title={`${t('approve.title')} · ${claim.title}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('approve.submit')}
      okButtonProps={{ loading: approve.isPending, 'data-testid': 'claim-approve-submit' } as ButtonProps}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ amount: fenToYuan(claim.requestedFen), blame: claim.blame ?? 'none', reason: '' }}
        onFinish={(v) => approve.mutate(v)}
      >
        <Form.Item
          name="amount"
          label={t('approve.amount')}
          extra={t('approve.amountHelp', { max: yuan(claim.requestedFen) })}
          rules={[approveAmountRule(claim.requestedFen, t)]}
        >
          <InputNumber prefix="¥" min={0} step={0.01} precision={2} style={{ width: 200 }} data-testid="claim-approve-amount" />
        </Form.Item>
        <Form.Item name="blame" label={t('approve.blame')} extra={blame ? t(`blameHint.${blame}`) : undefined}>
          <Select<Blame> options={blames.map((b) => ({ value: b, label: t(`blame.${b}`) }))} data-testid="claim-approve-blame" />
        </Form.Item>
        <Form.Item name="couponTemplateId" label={t('approve.coupon')} extra={t('approve.couponHelp')}>
          <Select<string>
            allowClear
            loading={templates.isLoading}
            placeholder={t('approve.noCoupon')}
            options={(templates.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            data-testid="claim-approve-coupon"
          />
        </Form.Item>
        <Form.Item name="reason" label={t('approve.reason')} rules={[zodRule(aftersales.ApproveClaim.shape.reason, t)]}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('approve.reasonPlaceholder')} data-testid="claim-approve-reason" />
        </Form.Item>
      </Form>
      {approve.isError && <Alert type="error" showIcon title={errorText(t, approve.error)} data-testid="claim-approve-error" />}
    </Modal>
  );
}
