import * as ledger from '@linli/contracts/ledger';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, Input, List, NoticeBar } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fenToYuan, yuan, yuanToFen } from '../../../common/format.ts';
import { errorCode, errorText } from '../../../common/i18n.ts';
import { validate } from '../../../common/validation.ts';
import { api, type Summary, type Withdrawal } from '../api.ts';
import { dailyLeft, feePercent, withdrawCheck, withdrawMax } from './withdraw.ts';

/**
 * The withdrawal request: the operator's minimum, fee and what is left of today's limit up front,
 * the fee and the net amount as the leader types, and the same checks as the server before sending.
 */
export function WithdrawForm({ summary }: { summary: Summary }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [amount, setAmount] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const available = summary.commissionAvailableFen;
  const policy = summary.withdrawal;
  const max = withdrawMax(available, policy);
  const withdraw = useMutation({
    mutationFn: (amountFen: number) => api.post<Withdrawal>('leader/withdrawals', { amountFen }),
    onSuccess: () => {
      setAmount('');
      void client.invalidateQueries({ queryKey: ['leader', 'withdrawals'] });
      void client.invalidateQueries({ queryKey: ['leader', 'summary'] });
      void client.invalidateQueries({ queryKey: ['leader', 'commission'] });
    },
  });
  const amountFen = amount.trim() === '' ? Number.NaN : yuanToFen(amount);
  const preview = Number.isFinite(amountFen) && amountFen > 0 ? withdrawCheck(amountFen, available, policy) : null;
  const problemText = (problem: NonNullable<ReturnType<typeof withdrawCheck>['problem']>) => {
    if (problem === 'belowMinimum') return t('withdraw.check.belowMinimum', { min: yuan(policy.minFen) });
    if (problem === 'feeTakesAll') return t('withdraw.check.feeTakesAll');
    if (problem === 'overDailyLimit')
      return t('withdraw.check.overDailyLimit', { left: yuan(dailyLeft(policy)), limit: yuan(policy.dailyLimitFen) });
    return t('withdraw.overAvailable', { amount: yuan(Math.max(0, available)) });
  };
  const submit = () => {
    const checked = validate(ledger.CreateWithdrawal, { amountFen: Number.isNaN(amountFen) ? undefined : amountFen }, t);
    if (!checked.ok) return setFieldError(checked.fields.amountFen ?? Object.values(checked.fields)[0] ?? null);
    const { feeFen, netFen, problem } = withdrawCheck(amountFen, available, policy);
    if (problem) return setFieldError(problemText(problem));
    setFieldError(null);
    void Dialog.confirm({
      content: t('withdraw.confirmNet', { amount: yuan(amountFen), fee: yuan(feeFen), net: yuan(netFen) }),
      confirmText: t('common:confirm'),
      cancelText: t('common:cancel'),
      onConfirm: () => withdraw.mutate(amountFen),
    });
  };
  const done = withdraw.data;
  // Checked here first: a refusal now means the rules or the balance changed meanwhile.
  const refusal = (err: unknown) => {
    const code = errorCode(err);
    if (code === 'VALIDATION_FAILED') return t('withdraw.belowMinimum');
    if (code === 'LIMIT_EXCEEDED') return t('withdraw.overDailyLimit');
    return errorText(t, err);
  };

  return (
    <div className="ll-card">
      <div className="lh-card-title">{t('commission.available')}</div>
      <div className="lh-commission-today" data-testid="withdraw-available">
        {yuan(available)}
      </div>
      <div className="lw-policy" data-testid="withdraw-policy">
        <span>{t('withdraw.minimum', { amount: yuan(policy.minFen) })}</span>
        <span>{policy.feeBp > 0 ? t('withdraw.feeRate', { rate: feePercent(policy.feeBp) }) : t('withdraw.noFee')}</span>
        <span>{t('withdraw.todayLeft', { left: yuan(dailyLeft(policy)), limit: yuan(policy.dailyLimitFen) })}</span>
      </div>
      <List>
        <List.Item
          title={t('withdraw.amount')}
          description={
            <span className="ll-field-error" data-testid="withdraw-field-error">
              {fieldError}
            </span>
          }
          extra={
            <Button
              size="mini"
              fill="none"
              color="primary"
              disabled={max <= 0}
              onClick={() => {
                setAmount(String(fenToYuan(max)));
                setFieldError(null);
              }}
              data-testid="withdraw-all"
            >
              {t('withdraw.all')}
            </Button>
          }
        >
          <Input
            className="lw-amount"
            type="number"
            inputMode="decimal"
            placeholder="0.00"
            value={amount}
            onChange={(v) => {
              setAmount(v);
              setFieldError(null);
            }}
            data-testid="withdraw-amount"
          />
        </List.Item>
      </List>
      {preview && (
        <div className={preview.problem ? 'lw-preview lw-preview-bad' : 'lw-preview'} data-testid="withdraw-preview">
          {t('withdraw.preview', { fee: yuan(preview.feeFen), net: yuan(Math.max(0, preview.netFen)) })}
        </div>
      )}
      <p className="ll-muted">{t('withdraw.rules')}</p>
      {withdraw.isError && <NoticeBar color="error" wrap content={refusal(withdraw.error)} data-testid="withdraw-error" />}
      {done && (
        <NoticeBar
          color="success"
          wrap
          data-testid="withdraw-done"
          content={t('withdraw.done', { amount: yuan(done.amountFen), fee: yuan(done.feeFen), net: yuan(done.netFen) })}
        />
      )}
      <Button block color="primary" size="large" loading={withdraw.isPending} onClick={submit} data-testid="withdraw-submit">
        {t('withdraw.submit')}
      </Button>
    </div>
  );
}
