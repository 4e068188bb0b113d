import { describe, expect, it } from 'vitest';
import {
  attributionRefusal,
  deviceIdOf,
  inviteeState,
  mayDecide,
  pointPeers,
  type RewardFacts,
  rewardDecision,
} from '../src/modules/invites/invites.rules.ts';
import { DEFAULT_INVITE_SETTINGS } from '../src/modules/invites/invites.settings.ts';

const clean: RewardFacts = {
  enabled: true,
  phoneRewarded: false,
  deviceRewarded: false,
  openidRewarded: false,
  devicePeers: 1,
  pointPeers: 1,
  inviterRewardedToday: 0,
  operatorRewardedToday: 0,
};
const limits = DEFAULT_INVITE_SETTINGS; // 5 a day per inviter, 200 a day per operator, clusters of 3

describe('the reward at a first pickup', () => {
  it.each<[string, Partial<RewardFacts>, string, string[]]>([
    ['a clean invite is rewarded', {}, 'reward', []],
    ['no device id: no cluster of devices', { devicePeers: 0 }, 'reward', []],
    ['the programme off: refused', { enabled: false, phoneRewarded: true }, 'refuse', ['program_off']],
    ['the phone already rewarded: refused', { phoneRewarded: true }, 'refuse', ['phone_rewarded']],
    ['a device already rewarded: refused', { deviceRewarded: true }, 'refuse', ['device_rewarded']],
    ['an openid already rewarded: refused', { openidRewarded: true }, 'refuse', ['openid_rewarded']],
    [
      'every duplicate named, and a duplicate wins over a hold',
      { deviceRewarded: true, openidRewarded: true, devicePeers: 9, inviterRewardedToday: 9 },
      'refuse',
      ['device_rewarded', 'openid_rewarded'],
    ],
    ['two invitees on one device: below the threshold', { devicePeers: 2 }, 'reward', []],
    ['three invitees on one device: held', { devicePeers: 3 }, 'hold', ['device_cluster']],
    ['three at one point within the window: held', { pointPeers: 3 }, 'hold', ['point_cluster']],
    ['the inviter had 4 today: the 5th is rewarded', { inviterRewardedToday: 4 }, 'reward', []],
    ['the inviter had 5 today: held', { inviterRewardedToday: 5 }, 'hold', ['inviter_daily_limit']],
    ['the operator granted 199 today: rewarded', { operatorRewardedToday: 199 }, 'reward', []],
    ['the operator granted 200 today: held', { operatorRewardedToday: 200 }, 'hold', ['operator_daily_cap']],
    [
      'every reason to hold is named',
      { devicePeers: 3, pointPeers: 4, inviterRewardedToday: 5, operatorRewardedToday: 200 },
      'hold',
      ['device_cluster', 'point_cluster', 'inviter_daily_limit', 'operator_daily_cap'],
    ],
  ])('%s', (_, facts, outcome, flags) => {
    expect(rewardDecision({ ...clean, ...facts }, limits)).toEqual({ outcome, flags });
  });

  it('follows the settings', () => {
    const strict = { ...limits, inviterDailyLimit: 1, clusterDeviceThreshold: 2 };
    expect(rewardDecision({ ...clean, inviterRewardedToday: 1 }, strict).outcome).toBe('hold');
    expect(rewardDecision({ ...clean, devicePeers: 2 }, strict)).toEqual({ outcome: 'hold', flags: ['device_cluster'] });
  });
});

describe('invitees at one pickup point within a few minutes', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 2, minute));
  const self = { registeredAt: at(30), pickupPointId: 'pp_a' };
  it.each<[string, Array<{ registeredAt: Date; pickupPointId: string | null }>, number]>([
    ['alone', [], 1],
    [
      'two others at the point, 10 minutes either side',
      [
        { registeredAt: at(20), pickupPointId: 'pp_a' },
        { registeredAt: at(40), pickupPointId: 'pp_a' },
      ],
      3,
    ],
    ['one 11 minutes earlier: outside', [{ registeredAt: at(19), pickupPointId: 'pp_a' }], 1],
    ['at another point', [{ registeredAt: at(30), pickupPointId: 'pp_b' }], 1],
    ['without a point yet', [{ registeredAt: at(30), pickupPointId: null }], 1],
  ])('%s', (_, others, expected) => {
    expect(pointPeers(self, others, 10)).toBe(expected);
  });
});

describe('who counts as invited', () => {
  const base = {
    inviterId: 'res_a',
    inviteeId: 'res_b',
    inviterPhone: '13800000001',
    inviteePhone: '13800000002',
    phoneInvitedBefore: false,
  };
  it.each<[string, Partial<typeof base> & { inviterPhone?: string | undefined }, string | null]>([
    ['a new phone through another resident’s code', {}, null],
    ['one’s own code', { inviteeId: 'res_a' }, 'own_code'],
    ['the inviter’s own phone', { inviteePhone: '13800000001' }, 'own_phone'],
    ['a phone that came by a link before', { phoneInvitedBefore: true }, 'phone_invited_before'],
    ['an inviter no longer known', { inviterPhone: undefined }, 'inviter_unknown'],
  ])('%s', (_, change, expected) => {
    expect(attributionRefusal({ ...base, ...change })).toBe(expected);
  });
});

describe('device ids and states', () => {
  it.each<[unknown, string | null]>([
    ['dev-0123456789abcdef', 'dev-0123456789abcdef'],
    ['short', null],
    ['a'.repeat(129), null],
    ['has space inside!', null],
    [['dev-0123456789', 'dev-other-12345'], null],
    [undefined, null],
  ])('X-Device-Id %j is %j', (header, expected) => {
    expect(deviceIdOf(header)).toBe(expected);
  });

  it.each([
    ['registered', 'registered', false],
    ['held', 'held', true],
    ['rewarded', 'rewarded', false],
    ['refused', 'picked_up', false],
    ['rejected', 'picked_up', false],
  ] as const)('%s: the inviter sees %s; staff may decide: %s', (status, shown, decidable) => {
    expect(inviteeState(status)).toBe(shown);
    expect(mayDecide(status)).toBe(decidable);
  });
});
