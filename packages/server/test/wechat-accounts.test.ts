import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindWechatAccount, principalOfOpenid, unbindWechatAccount, wechatOpenidOf } from '../src/modules/identity/index.ts';
import { createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let world: World;
const app = 'wx_app_1';
beforeAll(async () => {
  t = await startTestApp();
  world = await createWorld(t.ctx);
});
afterAll(() => t.close());

const bind = (openid: string, kind: 'resident' | 'leader', principalId: string, extra: { nickname?: string } = {}) =>
  bindWechatAccount(t.ctx.db, t.clock.now(), { operatorId: world.operatorId, appId: app, openid, kind, principalId, ...extra });

describe('WeChat account bindings', () => {
  it('binds an openid to an identity and finds it both ways', async () => {
    await bind('o_res_1', 'resident', 'res_a', { nickname: '小王' });
    expect(await principalOfOpenid(t.ctx.db, world.operatorId, app, 'o_res_1', 'resident')).toBe('res_a');
    expect(await wechatOpenidOf(t.ctx.db, world.operatorId, app, 'resident', 'res_a')).toBe('o_res_1');
    expect(await principalOfOpenid(t.ctx.db, world.operatorId, 'other_app', 'o_res_1', 'resident')).toBeUndefined();
  });

  it('binding again refreshes the profile', async () => {
    await bind('o_res_1', 'resident', 'res_a', { nickname: '王阿姨' });
    const row = await t.ctx.db.selectFrom('wechat_accounts').select('nickname').where('openid', '=', 'o_res_1').executeTakeFirstOrThrow();
    expect(row.nickname).toBe('王阿姨');
  });

  it('lets one WeChat user be a resident and a leader', async () => {
    await bind('o_res_1', 'leader', 'ldr_a');
    expect(await principalOfOpenid(t.ctx.db, world.operatorId, app, 'o_res_1', 'leader')).toBe('ldr_a');
  });

  it.each([
    ['the openid to another resident', 'o_res_1', 'res_b'],
    ['the resident to another openid', 'o_res_2', 'res_a'],
  ])('refuses to rebind %s, changing nothing', async (_, openid, principalId) => {
    await expect(bind(openid, 'resident', principalId)).rejects.toMatchObject({ code: 'WECHAT_ALREADY_BOUND' });
    expect(await principalOfOpenid(t.ctx.db, world.operatorId, app, 'o_res_1', 'resident')).toBe('res_a');
    expect(await principalOfOpenid(t.ctx.db, world.operatorId, app, 'o_res_2', 'resident')).toBeUndefined();
  });

  it('unbinds, after which the openid may bind elsewhere', async () => {
    expect(await unbindWechatAccount(t.ctx.db, world.operatorId, app, 'resident', 'res_a')).toBe(true);
    expect(await unbindWechatAccount(t.ctx.db, world.operatorId, app, 'resident', 'res_a')).toBe(false);
    await bind('o_res_1', 'resident', 'res_b');
    expect(await principalOfOpenid(t.ctx.db, world.operatorId, app, 'o_res_1', 'resident')).toBe('res_b');
  });
});
