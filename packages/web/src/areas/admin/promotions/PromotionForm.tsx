import * as promotions from '@linli/contracts/promotions';
import { useMutation } from '@tanstack/react-query';
import { App, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { zhe } from '../../../common/coupon.ts';
import { issueText } from '../../../common/validation.ts';
import { api } from '../api.ts';
import { ExcludedSegmentsField } from '../crm/ExcludedSegmentsField.tsx';
import { type PromotionValues, promotionBody, promotionErrorText } from './form.ts';
import './locales.ts';

type Values = Omit<PromotionValues, 'startsAt' | 'endsAt'> & { window: [Dayjs, Dayjs] };

const scopeKinds = ['operator', 'sku', 'category', 'campaign', 'leader'] as const;

/** Creates a promotion: an automatic offer or a coupon template, with its discount, scope, window, limits and funding. */
export function PromotionForm({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: () => void }) {
  const { t } = useTranslation(['promotions', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const trigger = Form.useWatch('trigger', form);
  const kind = Form.useWatch('discountKind', form);
  const scopeKind = Form.useWatch('scopeKind', form);
  const fundedBy = Form.useWatch('fundedBy', form);
  const percentOff = Form.useWatch('percentOff', form);
  const create = useMutation({
    mutationFn: (body: ReturnType<typeof promotionBody>) => api.post('admin/promotions', body),
    onSuccess: () => {
      message.success(t('created'));
      onCreated();
      onClose();
    },
    onError: (err) => message.error(promotionErrorText(t, err)),
  });
  const required = [{ required: true, message: t('required') }];

  const submit = (v: Values) => {
    const body = promotionBody({ ...v, startsAt: v.window[0].toISOString(), endsAt: v.window[1].toISOString() });
    // the contract checks what the form cannot (bounds, the supplier when funded by one)
    const checked = promotions.CreatePromotion.safeParse(body);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      return void message.error(t('invalid', { field: issue.path.join('.'), message: issueText(t, issue) }));
    }
    create.mutate(body);
  };

  return (
    <Modal
      open={open}
      title={t('add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common:save')}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'promotion-save' }}
      destroyOnHidden
      width={720}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          trigger: 'coupon',
          discountKind: 'amount',
          thresholdYuan: 0,
          scopeKind: 'operator',
          scopeIds: [],
          fundedBy: 'operator',
          claimable: true,
          issueOnSignUp: false,
          newcomerOnly: false,
          excludedSegments: [],
          stackable: true,
        }}
        onFinish={submit}
      >
        <Form.Item name="name" label={t('field.name')} rules={required}>
          <Input maxLength={60} data-testid="promotion-name" />
        </Form.Item>
        <Form.Item name="description" label={t('field.description')}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 3 }} />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="trigger" label={t('field.trigger')}>
            <Radio.Group
              optionType="button"
              options={(['coupon', 'automatic'] as const).map((v) => ({ value: v, label: t(`trigger.${v}`) }))}
              data-testid="promotion-trigger"
            />
          </Form.Item>
          <Form.Item name="discountKind" label={t('field.discountKind')}>
            <Radio.Group
              optionType="button"
              options={(['amount', 'percent', 'free_unit'] as const).map((v) => ({ value: v, label: t(`kind.${v}`) }))}
              data-testid="promotion-kind"
            />
          </Form.Item>
        </Space>
        <Space size="large" wrap align="start">
          {kind === 'amount' && (
            <Form.Item name="amountOffYuan" label={t('field.amountOff')} rules={required}>
              <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: 160 }} data-testid="promotion-amount" />
            </Form.Item>
          )}
          {kind === 'percent' && (
            <>
              <Form.Item
                name="percentOff"
                label={t('field.percentOff')}
                rules={required}
                extra={typeof percentOff === 'number' ? t('field.percentAs', { zhe: zhe(percentOff) }) : t('field.percentHelp')}
              >
                <InputNumber min={1} max={100} precision={0} suffix="%" style={{ width: 160 }} data-testid="promotion-percent" />
              </Form.Item>
              <Form.Item name="maxOffYuan" label={t('field.maxOff')}>
                <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: 160 }} />
              </Form.Item>
            </>
          )}
          <Form.Item name="thresholdYuan" label={t('field.threshold')}>
            <InputNumber min={0} precision={2} prefix="¥" style={{ width: 200 }} data-testid="promotion-threshold" />
          </Form.Item>
        </Space>
        <Space size="large" wrap align="start">
          <Form.Item name="scopeKind" label={t('field.scopeKind')}>
            <Select style={{ width: 200 }} options={scopeKinds.map((v) => ({ value: v, label: t(`scopeKind.${v}`) }))} />
          </Form.Item>
          {scopeKind && scopeKind !== 'operator' && (
            <Form.Item name="scopeIds" label={t('field.scopeIds')} extra={t('field.scopeIdsHelp')} rules={required}>
              <Select
                mode="tags"
                tokenSeparators={[',', ' ', '\n']}
                open={false}
                style={{ width: 380 }}
                data-testid="promotion-scope-ids"
              />
            </Form.Item>
          )}
        </Space>
        <Form.Item name="window" label={t('field.window')} rules={required}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="promotion-window" />
        </Form.Item>
        <Space size="large" wrap align="start">
          <Form.Item name="perResidentLimit" label={t('field.perResidentLimit')} extra={t('field.perResidentHelp')} style={{ width: 220 }}>
            <InputNumber min={1} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="totalLimit" label={t('field.totalLimit')} extra={t('field.totalHelp')} style={{ width: 220 }}>
            <InputNumber min={1} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="budgetYuan" label={t('field.budget')} extra={t('field.budgetHelp')} style={{ width: 220 }}>
            <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: '100%' }} />
          </Form.Item>
        </Space>
        <Space size="large" wrap align="start">
          <Form.Item name="fundedBy" label={t('field.fundedBy')}>
            <Radio.Group options={(['operator', 'supplier'] as const).map((v) => ({ value: v, label: t(`fundedBy.${v}`) }))} />
          </Form.Item>
          {fundedBy === 'supplier' && (
            <Form.Item name="supplierId" label={t('field.supplierId')} rules={required}>
              <Input style={{ width: 260 }} data-testid="promotion-supplier" />
            </Form.Item>
          )}
          {trigger === 'coupon' && (
            <Form.Item name="couponValidDays" label={t('field.couponValidDays')} extra={t('field.couponValidHelp')} style={{ width: 260 }}>
              <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          )}
        </Space>
        {trigger === 'coupon' && (
          <>
            <Form.Item name="claimable" valuePropName="checked" style={{ marginBottom: 4 }}>
              <Checkbox data-testid="promotion-claimable">{t('field.claimable')}</Checkbox>
            </Form.Item>
            <Form.Item name="issueOnSignUp" valuePropName="checked" extra={t('field.issueOnSignUpHelp')} style={{ marginBottom: 4 }}>
              <Checkbox data-testid="promotion-sign-up">{t('field.issueOnSignUp')}</Checkbox>
            </Form.Item>
          </>
        )}
        <Form.Item name="newcomerOnly" valuePropName="checked" style={{ marginBottom: 4 }}>
          <Checkbox>{t('field.newcomerOnly')}</Checkbox>
        </Form.Item>
        <Form.Item name="stackable" valuePropName="checked">
          <Checkbox>{t('field.stackable')}</Checkbox>
        </Form.Item>
        <ExcludedSegmentsField />
      </Form>
    </Modal>
  );
}
