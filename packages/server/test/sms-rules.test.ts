import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { aliyunRefusal, tencentRefusal } from '../src/modules/identity/sms.outcomes.ts';
import { beijingTime, receiptToken } from '../src/modules/identity/sms.receipts.ts';
import { acs3Sign, acsCanonicalQuery, sha256Hex, tc3Sign } from '../src/modules/identity/sms.signing.ts';
import { resolveTemplate } from '../src/modules/identity/sms.templates.ts';

describe('signatures against the vendors’ published worked examples', () => {
  it('Aliyun ACS3-HMAC-SHA256 (the V3 signature document: RunInstances in cn-shanghai)', () => {
    const empty = sha256Hex('');
    expect(empty).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const signed = acs3Sign(
      {
        method: 'POST',
        path: '/',
        query: { RegionId: 'cn-shanghai', ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd' },
        headers: {
          host: 'ecs.cn-shanghai.aliyuncs.com',
          'x-acs-action': 'RunInstances',
          'x-acs-version': '2014-05-26',
          'x-acs-date': '2023-10-26T10:22:32Z',
          'x-acs-signature-nonce': '3156853299f313e23d1673dc12e1703d',
          'x-acs-content-sha256': empty,
        },
        payloadHash: empty,
      },
      'YourAccessKeyId',
      'YourAccessKeySecret',
    );
    expect(signed.authorization).toBe(
      'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
    );
  });

  it('Tencent TC3-HMAC-SHA256 (the Signature v3 document: DescribeInstances of cvm)', () => {
    const payload = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
    expect(sha256Hex(payload)).toBe('35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064');
    const signed = tc3Sign(
      { service: 'cvm', host: 'cvm.tencentcloudapi.com', contentType: 'application/json; charset=utf-8', payload, timestamp: 1551113065 },
      'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
    );
    expect(signed.authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });

  it.each([
    [{ b: '1', a: '2' }, 'a=2&b=1'],
    [
      { SignName: '邻里 优选', TemplateParam: '{"code":"123456"}' },
      'SignName=%E9%82%BB%E9%87%8C%20%E4%BC%98%E9%80%89&TemplateParam=%7B%22code%22%3A%22123456%22%7D',
    ],
    [{ x: "a!*'()~+" }, 'x=a%21%2A%27%28%29~%2B'],
  ])('Aliyun canonical query of %j is %s', (params, query) => {
    expect(acsCanonicalQuery(params)).toBe(query);
  });
});

describe('vendor refusals', () => {
  it.each([
    ['isv.MOBILE_NUMBER_ILLEGAL', 'phone_rejected'],
    ['isv.BUSINESS_LIMIT_CONTROL', 'vendor_limit'],
    ['isv.DAY_LIMIT_CONTROL', 'vendor_limit'],
    ['Throttling.User', 'vendor_limit'],
    ['isv.SMS_TEMPLATE_ILLEGAL', 'vendor_failure'],
    ['isv.AMOUNT_NOT_ENOUGH', 'vendor_failure'],
    ['SignatureDoesNotMatch', 'vendor_failure'],
  ])('Aliyun %s is %s', (code, refusal) => {
    expect(aliyunRefusal(code)).toBe(refusal);
  });
  it.each([
    ['InvalidParameterValue.IncorrectPhoneNumber', 'phone_rejected'],
    ['FailedOperation.PhoneNumberInBlacklist', 'phone_rejected'],
    ['LimitExceeded.PhoneNumberDailyLimit', 'vendor_limit'],
    ['LimitExceeded.PhoneNumberThirtySecondLimit', 'vendor_limit'],
    ['RequestLimitExceeded', 'vendor_limit'],
    ['FailedOperation.TemplateIncorrectOrUnapproved', 'vendor_failure'],
    ['FailedOperation.InsufficientBalanceInSmsPackage', 'vendor_failure'],
    ['AuthFailure.SignatureFailure', 'vendor_failure'],
  ])('Tencent %s is %s', (code, refusal) => {
    expect(tencentRefusal(code)).toBe(refusal);
  });
});

describe('template resolution', () => {
  const install = { templateCode: 'SMS_1', paramNames: undefined };
  it.each([
    [
      'the operator’s own, with its sign name',
      { templateCode: 'SMS_9', signName: '小区团', paramNames: null },
      install,
      '邻里',
      { templateCode: 'SMS_9', signName: '小区团', paramNames: ['code'], source: 'operator' },
    ],
    [
      'the operator’s own, with the installation’s sign name',
      { templateCode: 'SMS_9', signName: null, paramNames: ['code'] },
      undefined,
      '邻里',
      { templateCode: 'SMS_9', signName: '邻里', source: 'operator' },
    ],
    [
      'the installation default where the operator set none',
      undefined,
      install,
      '邻里',
      { templateCode: 'SMS_1', signName: '邻里', paramNames: ['code'], source: 'installation' },
    ],
    ['none anywhere', undefined, undefined, '邻里', undefined],
    ['no sign name anywhere', undefined, install, undefined, undefined],
  ] as const)('%s', (_name, operator, template, signName, expected) => {
    const resolved = resolveTemplate('login_code', operator as never, { template, signName });
    if (expected === undefined) expect(resolved).toBeUndefined();
    else expect(resolved).toMatchObject(expected);
  });
});

describe('receipts', () => {
  it('read the vendors’ Beijing times', () => {
    const fallback = new Date('2026-01-01T00:00:00Z');
    expect(beijingTime('2026-11-20 10:03:04', fallback).toISOString()).toBe('2026-11-20T02:03:04.000Z');
    expect(beijingTime('yesterday', fallback)).toBe(fallback);
  });
  it('have one token per vendor and installation', () => {
    expect(receiptToken('s1', 'aliyun')).not.toBe(receiptToken('s1', 'tencent'));
    expect(receiptToken('s1', 'aliyun')).not.toBe(receiptToken('s2', 'aliyun'));
    expect(receiptToken('s1', 'aliyun')).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('SMS configuration', () => {
  it('refuses a real provider without its keys, naming what is missing', () => {
    expect(() => loadConfig({ LINLI_SMS_PROVIDER: 'aliyun' })).toThrow(
      new ConfigError('LINLI_SMS_PROVIDER=aliyun needs LINLI_SMS_ACCESS_KEY_ID, LINLI_SMS_ACCESS_KEY_SECRET (or …_FILE)'),
    );
    expect(() =>
      loadConfig({ LINLI_SMS_PROVIDER: 'tencent', LINLI_SMS_ACCESS_KEY_ID: 'AKIDabcd', LINLI_SMS_ACCESS_KEY_SECRET: 'secret-123' }),
    ).toThrow(new ConfigError('LINLI_SMS_PROVIDER=tencent needs LINLI_SMS_SDK_APP_ID'));
    expect(() =>
      loadConfig({
        LINLI_SMS_PROVIDER: 'aliyun',
        LINLI_SMS_ACCESS_KEY_ID: 'LTAIabcd',
        LINLI_SMS_ACCESS_KEY_SECRET_FILE: '/nonexistent/secret',
      }),
    ).toThrow(/LINLI_SMS_ACCESS_KEY_SECRET_FILE: cannot read/);
  });

  it('reads the secret from a file, the defaults per kind and the vendor’s real host', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linli-sms-'));
    try {
      writeFileSync(join(dir, 'secret'), 'a-secret-value\n');
      const config = loadConfig({
        LINLI_SMS_PROVIDER: 'tencent',
        LINLI_SMS_ACCESS_KEY_ID: 'AKIDabcd',
        LINLI_SMS_ACCESS_KEY_SECRET_FILE: join(dir, 'secret'),
        LINLI_SMS_SDK_APP_ID: '1400123456',
        LINLI_SMS_SIGN_NAME: '邻里优选',
        LINLI_SMS_TEMPLATE_LOGIN_CODE: '123456',
        LINLI_SMS_TEMPLATE_GOODS_ARRIVED: '123457:code,point',
      });
      expect(config.smsVendor).toMatchObject({
        vendor: 'tencent',
        accessKeySecret: 'a-secret-value',
        baseUrl: 'https://sms.tencentcloudapi.com',
        region: 'ap-guangzhou',
        templates: { login_code: { templateCode: '123456' }, goods_arrived: { templateCode: '123457', paramNames: ['code', 'point'] } },
      });
      expect(
        loadConfig({ LINLI_SMS_PROVIDER: 'aliyun', LINLI_SMS_ACCESS_KEY_ID: 'LTAIabcd', LINLI_SMS_ACCESS_KEY_SECRET: 'secret-123' })
          .smsVendor?.baseUrl,
      ).toBe('https://dysmsapi.aliyuncs.com');
      expect(() => loadConfig({ LINLI_SMS_TEMPLATE_LOGIN_CODE: 'SMS 1' })).toThrow(ConfigError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
