import { useMutation } from '@tanstack/react-query';
import { App, Alert, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Space } from 'antd';
import type { ButtonProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { ExcludedSegmentsField } from '../crm/ExcludedSegmentsField.tsx';
import { type EditValues, editBody, editValues, promotionErrorText } from './form.ts';
import type { PromotionRow } from './PromotionsPage.tsx';
import './locales.ts';

type Values = Omit<EditValues, 'endsAt'> & { endsAt: Dayjs };

/**
 * Edits what may change once a promotion runs: its name, end, budget and limits, and for a coupon
 * template whether it is claimable and issued to new residents at sign-up. Only the fields changed
 * are sent; a refusal shows its stable code's text with the field the server named.
 */
export function PromotionEditForm({
  promotion,
  onClose,
  onSaved,
}: {
  promotion: PromotionRow | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation(['promotions', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: ({ id, body }: { id: string; body: ReturnType<typeof editBody> }) => api.patch(`admin/promotions/${id}`, body),
    onSuccess: () => {
      message.success(t('changed'));
      onSaved();
      onClose();
    },
  });
  if (!promotion) return null;
  const initial = editValues(promotion);
  const required = [{ required: true, message: t('required') }];

  const submit = (v: Values) => {
    const body = editBody(promotion, { ...v, endsAt: v.endsAt.toISOString() });
    if (Object.keys(body).length === 0) return void onClose();
    save.mutate({ id: promotion.id, body });
  };

  return (
    <Modal
      open
      title={t('editTitle', { name: promotion.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common:save')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'promotion-edit-save' } as ButtonProps}
      destroyOnHidden
      width={640}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ ...initial, endsAt: dayjs(initial.endsAt) }}
        onFinish={submit}
        onValuesChange={() => save.reset()}
      >
        <Form.Item name="name" label={t('field.name')} rules={required}>
          <Input maxLength={60} data-testid="promotion-edit-name" />
        </Form.Item>
        <Form.Item name="endsAt" label={t('field.endsAt')} rules={required}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="promotion-edit-ends" />
        </Form.Item>
        <Space size="large" wrap align="start">
          <Form.Item name="perResidentLimit" label={t('field.perResidentLimit')} extra={t('field.perResidentHelp')} style={{ width: 180 }}>
            <InputNumber min={1} precision={0} style={{ width: '100%' }} data-testid="promotion-edit-per-resident" />
          </Form.Item>
          <Form.Item name="totalLimit" label={t('field.totalLimit')} extra={t('field.totalHelp')} style={{ width: 180 }}>
            <InputNumber min={1} precision={0} style={{ width: '100%' }} data-testid="promotion-edit-total" />
          </Form.Item>
          <Form.Item name="budgetYuan" label={t('field.budget')} extra={t('field.budgetHelp')} style={{ width: 180 }}>
            <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="promotion-edit-budget" />
          </Form.Item>
        </Space>
        {promotion.trigger === 'coupon' && (
          <>
            <Form.Item name="claimable" valuePropName="checked" style={{ marginBottom: 4 }}>
              <Checkbox>{t('field.claimable')}</Checkbox>
            </Form.Item>
            <Form.Item name="issueOnSignUp" valuePropName="checked" extra={t('field.issueOnSignUpHelp')}>
              <Checkbox data-testid="promotion-edit-sign-up">{t('field.issueOnSignUp')}</Checkbox>
            </Form.Item>
          </>
        )}
        <ExcludedSegmentsField />
      </Form>
      {save.isError && <Alert type="error" showIcon title={promotionErrorText(t, save.error)} data-testid="promotion-edit-error" />}
    </Modal>
  );
}
