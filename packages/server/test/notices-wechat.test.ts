import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { startWechatOAuthDouble, type WechatOAuthDouble, wechatLoginSettings } from '../src/dev/wechat-oauth-double.ts';
import { bindWechatAccount } from '../src/modules/identity/index.ts';
import { fill } from '../src/modules/notices/notices.wechat.ts';
import { advanceOrders } from '../src/modules/ordering/ordering.fulfilment.ts';
import { createOpenCampaign, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { fulfilledOrder } from './pickup-fixtures.ts';

// Notices by the official account's template messages (模板消息), against the WeChat double:
// WeChat first where the resident is bound and follows, SMS otherwise.

const PUBLIC_URL = 'http://linli.test';
const TEMPLATES = {
  goods_arrived: {
    templateId: 'TPL_ARRIVED',
    data: { thing1: 'point', character_string2: 'code', thing3: 'hours', thing4: '"请凭提货码取货"' },
  },
  pickup_reminder: { templateId: 'TPL_REMIND', data: { thing1: 'point', character_string2: 'code' } },
};
let t: TestApp;
let world: World;
let wx: WechatOAuthDouble;
let lineId: string;

beforeAll(async () => {
  wx = await startWechatOAuthDouble({
    appid: 'wx1234567890abcdef',
    secret: 'app-secret-of-the-official-account',
    users: ['oFollows', 'oNotFollowing', 'oOptedOut', 'oFlaky'].map((openid) => ({ openid, nickname: openid, headimgurl: '' })),
  });
  wx.messages.templates.set('TPL_ARRIVED', ['thing1', 'character_string2', 'thing3', 'thing4']);
  wx.messages.templates.set('TPL_REMIND', ['thing1', 'character_string2']);
  wx.messages.followers.delete('oNotFollowing');
  t = await startTestApp('2026-11-20T02:00:00Z', {
    env: { LINLI_PUBLIC_URL: PUBLIC_URL, ...wechatLoginSettings(wx), LINLI_WECHAT_NOTICE_TEMPLATES: JSON.stringify(TEMPLATES) },
  });
  wx.now = () => t.clock.now().getTime();
  world = await createWorld(t.ctx, { residents: 5 });
  const campaign = await createOpenCampaign(t.ctx, world, { pickupDate: '2026-11-20', cutoffAt: new Date('2026-12-31T00:00:00Z') });
  lineId = campaign.lineIds[0] as string;
  await t.ctx.db.updateTable('pickup_points').set({ opening_hours: '08:00-20:00' }).execute();
  const openids = ['oFollows', 'oNotFollowing', 'oOptedOut', 'oFlaky'];
  for (const [i, openid] of openids.entries()) {
    await bindWechatAccount(t.ctx.db, t.clock.now(), {
      operatorId: world.operatorId,
      appId: wx.appid,
      openid,
      kind: 'resident',
      principalId: world.residents[i]!.id,
    });
  }
  await t.ctx.db
    .insertInto('notice_preferences')
    .values({
      operator_id: world.operatorId,
      recipient_kind: 'resident',
      recipient_id: world.residents[2]!.id,
      sms: true,
      wechat: false,
      quiet_hours: true,
      quiet_start: '21:00',
      quiet_end: '08:00',
      updated_at: t.clock.now(),
    })
    .execute();
});
afterAll(async () => {
  await t?.close();
  await wx?.close();
});

const run = async () => {
  await t.ctx.events.drain();
  await t.ctx.jobs.tick();
};
async function deliver(residentIndex: number) {
  const order = await fulfilledOrder(t, world, world.residents[residentIndex]!.id, [[lineId, 1]], 'allocated');
  await t.ctx.db.transaction().execute((trx) => advanceOrders(t.ctx, trx, world.operatorId, [order.id], 'delivered'));
  await run();
  const message = await t.ctx.db
    .selectFrom('notice_messages')
    .selectAll()
    .where('recipient_id', '=', world.residents[residentIndex]!.id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return { order, message };
}
const smsTo = (i: number) => t.sms.sent.filter((m) => m.phone === world.residents[i]!.phone && m.kind !== 'login_code');

describe('notices by WeChat template message', () => {
  it('go to a bound resident who follows the account, filled from the notice, opening the order', async () => {
    const { order, message } = await deliver(0);
    expect(message).toMatchObject({ status: 'sent', channel: 'wechat', attempts: 1 });
    const sent = wx.messages.sent.at(-1)!;
    expect(String(sent.msgid)).toBe(message.provider_ref);
    const point = await t.ctx.db
      .selectFrom('pickup_points')
      .select('name')
      .where('id', '=', order.pickup_point_id!)
      .executeTakeFirstOrThrow();
    expect(sent).toMatchObject({
      touser: 'oFollows',
      template_id: 'TPL_ARRIVED',
      url: `${PUBLIC_URL}/shop/orders/${order.id}`,
      data: {
        thing1: { value: point.name },
        character_string2: { value: order.pickup_code },
        thing3: { value: '08:00-20:00' },
        thing4: { value: '请凭提货码取货' },
      },
    });
    expect(smsTo(0)).toHaveLength(0);
  });

  it('fall back to SMS at once for a resident who does not follow the account', async () => {
    const before = wx.messages.sent.length;
    const { message } = await deliver(1);
    expect(message).toMatchObject({ status: 'sent', channel: 'sms', last_error: 'does not follow the official account: sent by SMS' });
    expect(wx.messages.sent).toHaveLength(before);
    expect(smsTo(1)).toHaveLength(1);
  });

  it('go by SMS for a resident who turned WeChat off, and for one without WeChat', async () => {
    expect((await deliver(2)).message).toMatchObject({ status: 'sent', channel: 'sms' });
    expect((await deliver(4)).message).toMatchObject({ status: 'sent', channel: 'sms' });
  });

  it('take a new access token when WeChat says the old one is stale, in the same attempt', async () => {
    wx.messages.failNext = { errcode: 40001, count: 1 };
    expect((await deliver(3)).message).toMatchObject({ status: 'sent', channel: 'wechat', attempts: 1 });
  });

  it('are tried again later when WeChat refuses for another reason', async () => {
    wx.messages.failNext = { errcode: 45009, count: 1 };
    const { message } = await deliver(3);
    expect(message).toMatchObject({ status: 'pending', channel: 'wechat', attempts: 1 });
    expect(message.last_error).toContain('45009');
    t.clock.advance(60_000);
    await run();
    const again = await t.ctx.db.selectFrom('notice_messages').selectAll().where('id', '=', message.id).executeTakeFirstOrThrow();
    expect(again).toMatchObject({ status: 'sent', channel: 'wechat', attempts: 2, last_error: null });
  });
});

describe('template values', () => {
  it.each([
    ['thing1', 'point', { point: '幸福里小区东门自提点（靠近菜鸟驿站右侧第二间）' }, '幸福里小区东门自提点（靠近菜鸟驿站右侧…'],
    ['character_string2', 'code', { code: '123456' }, '123456'],
    ['thing4', '"请凭提货码取货"', {}, '请凭提货码取货'],
    ['time3', 'hours', { hours: '08:00-20:00' }, '08:00-20:00'],
    ['thing5', 'missing', {}, ''],
  ])('%s from %s', (key, source, params, value) => {
    expect(fill(key, source, params)).toBe(value);
  });
});

describe('configuration', () => {
  it.each([
    ['templates without the official account', { LINLI_WECHAT_NOTICE_TEMPLATES: JSON.stringify(TEMPLATES) }, 'needs LINLI_WECHAT_APPID'],
    ['not JSON', { LINLI_WECHAT_NOTICE_TEMPLATES: '{goods_arrived' }, 'LINLI_WECHAT_NOTICE_TEMPLATES'],
    [
      'an unknown kind',
      { LINLI_WECHAT_NOTICE_TEMPLATES: JSON.stringify({ parcel: TEMPLATES.goods_arrived }) },
      'LINLI_WECHAT_NOTICE_TEMPLATES',
    ],
  ])('refuses %s', (_, env, message) => {
    expect(() => loadConfig({ LINLI_ENV: 'development', ...env })).toThrow(message);
  });
});
