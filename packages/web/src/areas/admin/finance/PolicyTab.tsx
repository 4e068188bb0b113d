import * as ledger from '@linli/contracts/ledger';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, InputNumber, Row, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { fenToYuan, yuanToFen } from '../../../common/format.ts';
import { errorText } from '../../../common/i18n.ts';
import { zodRule } from '../../../common/validation.ts';
import { api } from '../api.ts';
import { CommissionRules } from './CommissionRules.tsx';
import { bpRule, bpToPercent, fenRule, percentToBp } from './money.ts';
import { LoadError } from '../../../desktop/LoadError.tsx';

type Policy = z.infer<typeof ledger.Policy>;
/** The policy as typed: rates in %, money in yuan. */
export interface PolicyValues {
  commissionRate: number;
  releaseAfterHours: number;
  withdrawalMin: number;
  withdrawalFee: number;
  withdrawalDailyLimit: number;
}
const f = ledger.Policy.shape;

export function toPolicyValues(p: Policy): PolicyValues {
  return {
    commissionRate: bpToPercent(p.commissionRateBp),
    releaseAfterHours: p.releaseAfterHours,
    withdrawalMin: fenToYuan(p.withdrawalMinFen),
    withdrawalFee: bpToPercent(p.withdrawalFeeBp),
    withdrawalDailyLimit: fenToYuan(p.withdrawalDailyLimitFen),
  };
}

export function toPolicy(v: PolicyValues): Policy {
  return {
    commissionRateBp: percentToBp(v.commissionRate),
    releaseAfterHours: v.releaseAfterHours,
    withdrawalMinFen: yuanToFen(v.withdrawalMin),
    withdrawalFeeBp: percentToBp(v.withdrawalFee),
    withdrawalDailyLimitFen: yuanToFen(v.withdrawalDailyLimit),
  };
}

/** The settlement policy (rates typed in %, sent in basis points; money typed in yuan, sent in fen) and the commission rules. */
export function PolicyTab() {
  const { t } = useTranslation('finance');
  const { message } = App.useApp();
  const client = useQueryClient();
  const policy = useQuery({ queryKey: ['finance', 'policy'], queryFn: () => api.get<Policy>('admin/finance/policy') });
  const save = useMutation({
    mutationFn: (v: PolicyValues) => api.patch<Policy>('admin/finance/policy', toPolicy(v)),
    onSuccess: (p) => {
      client.setQueryData(['finance', 'policy'], p);
      void message.success(t('common:saved'));
    },
  });
  return (
    <Row gutter={16}>
      <Col xs={24} xl={10}>
        <Card title={t('policy.title')} style={{ marginBottom: 16 }}>
          <LoadError query={policy} />
          {policy.isPending && <Skeleton active />}
          {policy.data && (
            <Form<PolicyValues> layout="vertical" initialValues={toPolicyValues(policy.data)} onFinish={(v) => save.mutate(v)}>
              <Form.Item
                name="commissionRate"
                label={t('policy.commissionRate')}
                extra={t('policy.commissionHelp')}
                rules={[bpRule(f.commissionRateBp, t)]}
              >
                <InputNumber min={0} max={100} step={0.5} precision={2} suffix="%" style={{ width: 180 }} data-testid="policy-commission" />
              </Form.Item>
              <Form.Item
                name="releaseAfterHours"
                label={t('policy.releaseAfterHours')}
                extra={t('policy.releaseHelp')}
                rules={[zodRule(f.releaseAfterHours, t)]}
              >
                <InputNumber min={0} max={2160} precision={0} style={{ width: 180 }} data-testid="policy-release" />
              </Form.Item>
              <Form.Item name="withdrawalMin" label={t('policy.withdrawalMin')} rules={[fenRule(f.withdrawalMinFen, t)]}>
                <InputNumber min={0} step={1} precision={2} prefix="¥" style={{ width: 180 }} data-testid="policy-min" />
              </Form.Item>
              <Form.Item name="withdrawalFee" label={t('policy.withdrawalFee')} rules={[bpRule(f.withdrawalFeeBp, t)]}>
                <InputNumber min={0} max={100} step={0.1} precision={2} suffix="%" style={{ width: 180 }} data-testid="policy-fee" />
              </Form.Item>
              <Form.Item
                name="withdrawalDailyLimit"
                label={t('policy.withdrawalDailyLimit')}
                rules={[fenRule(f.withdrawalDailyLimitFen, t)]}
              >
                <InputNumber min={0} step={100} precision={2} prefix="¥" style={{ width: 180 }} data-testid="policy-limit" />
              </Form.Item>
              {save.isError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={errorText(t, save.error)} />}
              <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="policy-save">
                {t('common:save')}
              </Button>
            </Form>
          )}
        </Card>
      </Col>
      <Col xs={24} xl={14}>
        <CommissionRules defaultBp={policy.data?.commissionRateBp} />
      </Col>
    </Row>
  );
}
