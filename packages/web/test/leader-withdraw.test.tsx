import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../src/areas/leader/api.ts';
import { WithdrawForm } from '../src/areas/leader/commission/WithdrawForm.tsx';
import { dailyLeft, feePercent, withdrawCheck, withdrawFee, withdrawMax } from '../src/areas/leader/commission/withdraw.ts';
import { renderLeader } from './leader-render.tsx';

const policy = { minFen: 1500, feeBp: 60, dailyLimitFen: 2500, withdrawnTodayFen: 1000 };

describe('withdrawal rules, as the server applies them', () => {
  it('charges the fee in basis points, rounded down to a fen', () => {
    expect(withdrawFee(1500, 60)).toBe(9);
    expect(withdrawFee(1666, 60)).toBe(9);
    expect(withdrawFee(10_000, 0)).toBe(0);
    expect(feePercent(60)).toBe('0.6%');
    expect(feePercent(125)).toBe('1.25%');
    expect(feePercent(100)).toBe('1%');
  });

  it('refuses below the minimum, all eaten by the fee, over the rest of the day or the balance, in that order', () => {
    expect(withdrawCheck(1500, 3000, policy)).toEqual({ feeFen: 9, netFen: 1491, problem: null });
    expect(withdrawCheck(1499, 3000, policy).problem).toBe('belowMinimum');
    expect(withdrawCheck(1501, 3000, policy).problem).toBe('overDailyLimit');
    expect(withdrawCheck(1500, 1400, { ...policy, minFen: 100 }).problem).toBe('overAvailable');
    expect(withdrawCheck(1, 3000, { ...policy, minFen: 1, feeBp: 10_000 }).problem).toBe('feeTakesAll');
  });

  it('offers at most what is available within what is left of today', () => {
    expect(dailyLeft(policy)).toBe(1500);
    expect(withdrawMax(3000, policy)).toBe(1500);
    expect(withdrawMax(800, policy)).toBe(800);
    expect(withdrawMax(-200, policy)).toBe(0);
    expect(dailyLeft({ ...policy, withdrawnTodayFen: 3000 })).toBe(0);
  });
});

const summary = (over: Partial<Summary> = {}): Summary => ({
  date: '2026-11-26',
  orders: 0,
  gmvFen: 0,
  members: 0,
  commissionAccruedFen: 0,
  commissionAvailableFen: 3000,
  commissionHeldFen: 0,
  commissionWithdrawingFen: 0,
  withdrawal: policy,
  ...over,
});

const type = (value: string) =>
  fireEvent.change(screen.getByTestId('withdraw-amount').querySelector('input') as HTMLInputElement, { target: { value } });

describe('the withdraw form', () => {
  it('shows the minimum, the fee and what is left today before anything is typed', () => {
    renderLeader(<WithdrawForm summary={summary()} />);
    expect(screen.getByTestId('withdraw-available').textContent).toBe('¥30.00');
    expect(screen.getByTestId('withdraw-policy').textContent).toBe('最低提现 ¥15.00手续费 0.6%今日还可提 ¥15.00（每日限额 ¥25.00）');
    expect(screen.queryByTestId('withdraw-preview')).toBeNull();
  });

  it('shows the fee and the net amount as the amount is typed', () => {
    renderLeader(<WithdrawForm summary={summary()} />);
    type('15');
    expect(screen.getByTestId('withdraw-preview').textContent).toBe('手续费 ¥0.09 · 实际到账 ¥14.91');
    type('15.5');
    expect(screen.getByTestId('withdraw-preview').textContent).toBe('手续费 ¥0.09 · 实际到账 ¥15.41');
  });

  it('says which rule an amount breaks, without asking the server', () => {
    renderLeader(<WithdrawForm summary={summary()} />);
    const error = () => screen.getByTestId('withdraw-field-error').textContent;
    type('14.99');
    fireEvent.click(screen.getByTestId('withdraw-submit'));
    expect(error()).toBe('最低提现 ¥15.00，请提高金额');
    type('15.01');
    expect(error()).toBe('');
    fireEvent.click(screen.getByTestId('withdraw-submit'));
    expect(error()).toBe('今天最多还能提现 ¥15.00（每日限额 ¥25.00），请减少金额或明天再提');
    type('');
    fireEvent.click(screen.getByTestId('withdraw-submit'));
    expect(error()).toBe('必填');
  });

  it('fills in the most that can be asked for now, and says when there is no fee', () => {
    renderLeader(<WithdrawForm summary={summary({ withdrawal: { ...policy, feeBp: 0 } })} />);
    expect(screen.getByTestId('withdraw-policy').textContent).toContain('免手续费');
    fireEvent.click(screen.getByTestId('withdraw-all'));
    expect((screen.getByTestId('withdraw-amount').querySelector('input') as HTMLInputElement).value).toBe('15');
    expect(screen.getByTestId('withdraw-preview').textContent).toBe('手续费 ¥0.00 · 实际到账 ¥15.00');
  });

  it('cannot fill in anything once today’s limit is used up', () => {
    renderLeader(<WithdrawForm summary={summary({ withdrawal: { ...policy, withdrawnTodayFen: 2500 } })} />);
    expect((screen.getByTestId('withdraw-all') as HTMLButtonElement).disabled).toBe(true);
    type('15');
    fireEvent.click(screen.getByTestId('withdraw-submit'));
    expect(screen.getByTestId('withdraw-field-error').textContent).toContain('今天最多还能提现 ¥0.00');
  });
});
