import { describe, expect, it } from 'vitest';
import { payoutBillNo, withdrawalOfBillNo } from '../src/modules/settlement/settlement.rules.ts';
import { payoutResultOf } from '../src/modules/settlement/wechat-transfer.provider.ts';
import { newId } from '../src/platform/ids.ts';

const ids = { mchId: '1900000001', appId: 'wxd678efh567hg6787' };

describe('a withdrawal as a WeChat Pay bill number', () => {
  it('is letters and digits, at most 32, and names the withdrawal back', () => {
    for (let i = 0; i < 50; i++) {
      const id = newId('wdr');
      const no = payoutBillNo(id);
      expect(no).toMatch(/^[A-Za-z0-9]{1,32}$/);
      expect(withdrawalOfBillNo(no)).toBe(id);
    }
  });
  it.each([
    ['wdr01jabcdefgh000abcdefgh', 'wdr_01jabcdefgh000abcdefgh'],
    ['plfk2020042013', null],
    ['wdr', null],
    ['wdr_01jabcdefgh000abcdefgh', null],
    ['WDR01JABCDEFGH000ABCDEFGH', null],
  ])('%s → %s', (no, id) => expect(withdrawalOfBillNo(no)).toBe(id));
});

describe('a transfer bill’s state as a payout outcome', () => {
  const bill = (state: string, extra: object = {}) =>
    ({ outBillNo: 'wdr01', transferBillNo: '1330000071', state, ...extra }) as Parameters<typeof payoutResultOf>[0];
  it.each([
    ['SUCCESS', {}, { status: 'succeeded', providerRef: '1330000071', providerState: 'SUCCESS' }],
    ['FAIL', { failReason: 'ACCOUNT_FROZEN' }, { status: 'failed', reason: 'WeChat Pay: ACCOUNT_FROZEN', providerState: 'FAIL' }],
    ['CANCELLED', {}, { status: 'failed', providerState: 'CANCELLED' }],
    [
      'WAIT_USER_CONFIRM',
      { packageInfo: 'pkg==' },
      { status: 'pending', providerState: 'WAIT_USER_CONFIRM', confirmation: { ...ids, package: 'pkg==' } },
    ],
    ['WAIT_USER_CONFIRM', {}, { status: 'pending', providerState: 'WAIT_USER_CONFIRM' }],
    ['ACCEPTED', {}, { status: 'pending', providerState: 'ACCEPTED' }],
    ['PROCESSING', {}, { status: 'pending' }],
    ['TRANSFERING', {}, { status: 'pending' }],
    ['CANCELING', {}, { status: 'pending' }],
  ])('%s %o → %o', (state, extra, outcome) => {
    const result = payoutResultOf(bill(state, extra), ids);
    expect(result).toMatchObject(outcome);
    if (result.status !== 'pending' || !('packageInfo' in extra)) expect(result.confirmation).toBeUndefined();
  });
});
