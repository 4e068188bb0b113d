import type * as promotions from '@linli/contracts/promotions';
import { useMutation } from '@tanstack/react-query';
import i18n from 'i18next';
import { Alert, App, Form, Input, Modal, Radio, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { errorText } from '../../../common/i18n.ts';
import { api } from '../api.ts';
import { residentIds } from './form.ts';
import type { PromotionRow } from './PromotionsPage.tsx';
import './locales.ts';

type Outcome = z.infer<typeof promotions.IssueOutcome>;
interface Values {
  ids: string;
  source: 'staff' | 'compensation';
  reason: string;
}

/** Hands a coupon of a promotion to residents by id, and shows who got one and who did not (and why). */
export function IssueModal({
  promotion,
  onClose,
  onIssued,
}: {
  promotion: PromotionRow | null;
  onClose: () => void;
  onIssued: () => void;
}) {
  const { t } = useTranslation(['promotions', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const ids = residentIds(Form.useWatch('ids', form) ?? '');
  const issue = useMutation({
    mutationFn: (v: Values) =>
      api.post<Outcome>(`admin/promotions/${promotion!.id}/coupons`, {
        residentIds: residentIds(v.ids),
        source: v.source,
        reason: v.reason.trim(),
      }),
    onSuccess: onIssued,
    onError: (err) => message.error(errorText(t, err)),
  });
  const outcome = issue.data;
  const close = () => {
    issue.reset();
    onClose();
  };
  return (
    <Modal
      open={promotion !== null}
      title={promotion ? t('issueTitle', { name: promotion.name }) : ''}
      onCancel={close}
      onOk={() => (outcome ? close() : form.submit())}
      okText={outcome ? t('common:close') : t('issueOk')}
      cancelButtonProps={outcome ? { style: { display: 'none' } } : undefined}
      okButtonProps={{ loading: issue.isPending, 'data-testid': 'promotion-issue-ok' }}
      destroyOnHidden
      width={560}
    >
      {outcome ? (
        <div data-testid="promotion-issue-outcome">
          <Alert
            type={outcome.refused.length > 0 ? 'warning' : 'success'}
            showIcon
            title={`${t('issued', { count: outcome.issued.length })}${outcome.refused.length > 0 ? ` · ${t('refused', { count: outcome.refused.length })}` : ''}`}
          />
          {outcome.refused.length > 0 && (
            <Table
              style={{ marginTop: 12 }}
              size="small"
              rowKey="residentId"
              pagination={false}
              dataSource={outcome.refused}
              columns={[
                { title: t('outcomeResident'), dataIndex: 'residentId' },
                {
                  title: t('outcomeReason'),
                  key: 'reason',
                  render: (_, r) => (i18n.exists(`errors:${r.code}`) ? t(`errors:${r.code}`) : r.message),
                },
              ]}
            />
          )}
        </div>
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ ids: '', source: 'staff', reason: '' }}
          onFinish={(v) => issue.mutate(v)}
        >
          <Form.Item
            name="ids"
            label={t('residentIds')}
            extra={t('residentCount', { count: ids.length })}
            rules={[
              {
                validator: async (_, v: string) => {
                  const n = residentIds(v ?? '').length;
                  if (n === 0) throw new Error(t('required'));
                  if (n > 500) throw new Error(t('common:validation.tooBig', { max: 500 }));
                },
              },
            ]}
          >
            <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} data-testid="promotion-issue-ids" />
          </Form.Item>
          <Form.Item name="source" label={t('source')}>
            <Radio.Group options={(['staff', 'compensation'] as const).map((v) => ({ value: v, label: t(`sources.${v}`) }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, message: t('required') }]}>
            <Input maxLength={200} placeholder={t('reasonPlaceholder')} data-testid="promotion-issue-reason" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
