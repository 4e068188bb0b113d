import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const dir = mkdtempSync(join(tmpdir(), 'linli-wxcfg-'));
const secretFile = join(dir, 'app-secret');
writeFileSync(secretFile, 'secret-from-a-file-0123456789\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const APP = { LINLI_WECHAT_APPID: 'wx1234567890abcdef', LINLI_PUBLIC_URL: 'https://shop.example.com' };

describe('WeChat login settings', () => {
  it('are off without an app id', () => {
    expect(loadConfig({}).wechatLogin).toBeUndefined();
  });

  it('take the secret, or read it from its file, with the default hosts', () => {
    expect(loadConfig({ ...APP, LINLI_WECHAT_APP_SECRET: 'secret-in-the-env-0123456789' }).wechatLogin).toEqual({
      appid: 'wx1234567890abcdef',
      appSecret: 'secret-in-the-env-0123456789',
      oauthBaseUrl: 'https://open.weixin.qq.com',
      apiBaseUrl: 'https://api.weixin.qq.com',
    });
    const fromFile = loadConfig({ ...APP, LINLI_WECHAT_APP_SECRET_FILE: secretFile, LINLI_WECHAT_API_BASE_URL: 'http://127.0.0.1:7011/' });
    expect(fromFile.wechatLogin).toMatchObject({ appSecret: 'secret-from-a-file-0123456789', apiBaseUrl: 'http://127.0.0.1:7011' });
  });

  it.each([
    [{ ...APP }, /needs LINLI_WECHAT_APP_SECRET or LINLI_WECHAT_APP_SECRET_FILE/],
    [{ ...APP, LINLI_WECHAT_APP_SECRET_FILE: join(dir, 'missing') }, /LINLI_WECHAT_APP_SECRET_FILE: cannot read/],
    [{ LINLI_WECHAT_APPID: APP.LINLI_WECHAT_APPID, LINLI_WECHAT_APP_SECRET: 'secret-in-the-env-0123456789' }, /needs LINLI_PUBLIC_URL/],
    [{ LINLI_WECHAT_APP_SECRET: 'secret-in-the-env-0123456789' }, /LINLI_WECHAT_APP_SECRET needs LINLI_WECHAT_APPID/],
    [{ ...APP, LINLI_WECHAT_APPID: 'not-an-app-id', LINLI_WECHAT_APP_SECRET: 'secret-in-the-env-0123456789' }, /LINLI_WECHAT_APPID/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
