import { createCipheriv, createPrivateKey, createVerify, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { wechatpayCredentials } from '../src/modules/payment/wechatpay.config.ts';
import { beijingTime } from '../src/modules/payment/wechatpay.provider.ts';
import {
  answerMessage,
  authorization,
  checkSignedMessage,
  decryptResource,
  jsapiPayParams,
  requestMessage,
  sign,
} from '../src/modules/payment/wechatpay.signing.ts';

const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KEY_ID = 'PUB_KEY_ID_0114232134912410000000000000';
const APIV3 = 'a'.repeat(16) + 'B'.repeat(16);

describe('the strings WeChat Pay signs', () => {
  it('writes a request as five newline-terminated lines, the body empty for GET (documented example)', () => {
    expect(requestMessage('GET', '/v3/certificates', '1554208460', '593BEC0C930BF1AFEB40B4A08C8FB242', '')).toBe(
      'GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n',
    );
    expect(answerMessage('1554209980', 'c5ac7061fccab6bf3e254dcf98995b8c', '')).toBe('1554209980\nc5ac7061fccab6bf3e254dcf98995b8c\n\n');
  });

  it('puts the five fields in the Authorization header', () => {
    expect(
      authorization({
        mchid: '1900009191',
        serialNo: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
        nonce: 'N',
        timestamp: '1',
        signature: 'S',
      }),
    ).toBe(
      'WECHATPAY2-SHA256-RSA2048 mchid="1900009191",nonce_str="N",signature="S",timestamp="1",serial_no="1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C"',
    );
  });

  it('signs SHA256withRSA so that the merchant public key verifies it (and nothing else does)', () => {
    const message = requestMessage('POST', '/v3/pay/transactions/h5', '1700000000', 'abc', '{"a":1}');
    const signature = sign(message, merchant.privateKey);
    expect(createVerify('RSA-SHA256').update(message).verify(merchant.publicKey, signature, 'base64')).toBe(true);
    expect(createVerify('RSA-SHA256').update(`${message} `).verify(merchant.publicKey, signature, 'base64')).toBe(false);
  });

  it('signs the JSAPI payment parameters over appId, timeStamp, nonceStr and package', () => {
    const p = jsapiPayParams({
      appId: 'wx8888888888888888',
      prepayId: 'wx201410272009395522657a690389285100',
      privateKey: merchant.privateKey,
      timestamp: '1414561699',
      nonce: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
    });
    expect(p).toMatchObject({ package: 'prepay_id=wx201410272009395522657a690389285100', signType: 'RSA' });
    const signed = 'wx8888888888888888\n1414561699\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=wx201410272009395522657a690389285100\n';
    expect(createVerify('RSA-SHA256').update(signed).verify(merchant.publicKey, p.paySign, 'base64')).toBe(true);
  });

  it('writes times in Beijing time, RFC 3339', () => {
    expect(beijingTime(new Date('2026-11-20T16:30:05.123Z'))).toBe('2026-11-21T00:30:05+08:00');
  });
});

describe('checking an answer or a notification', () => {
  const now = 1_780_000_000;
  const body = '{"prepay_id":"wx2922034726858082fbd40b511c67630000"}';
  const signed = (at: number, text = body, nonce = 'c5ac7061fccab6bf3e254dcf98995b8c') => ({
    'wechatpay-timestamp': String(at),
    'wechatpay-nonce': nonce,
    'wechatpay-serial': KEY_ID,
    'wechatpay-signature': sign(answerMessage(String(at), nonce, text), platform.privateKey),
  });
  const key = { id: KEY_ID, publicKey: platform.publicKey };

  const cases: Array<[string, Record<string, string | undefined>, string, string | null]> = [
    ['a genuine answer', signed(now), body, null],
    ['a genuine empty (204) answer', signed(now, ''), '', null],
    ['five minutes old, still in the window', signed(now - 300), body, null],
    ['five minutes ahead, still in the window', signed(now + 300), body, null],
    ['a second past the window', signed(now - 301), body, 'stale_timestamp'],
    ['a timestamp that is not a number', { ...signed(now), 'wechatpay-timestamp': '17e8' }, body, 'stale_timestamp'],
    ['a body changed by one byte', signed(now), body.replace('wx29', 'wx28'), 'bad_signature'],
    ['another nonce than signed', { ...signed(now), 'wechatpay-nonce': 'x' }, body, 'bad_signature'],
    ['a signature that is not base64', { ...signed(now), 'wechatpay-signature': 'not base64!' }, body, 'bad_signature'],
    [
      'signed by the merchant key instead',
      { ...signed(now), 'wechatpay-signature': sign(answerMessage(String(now), 'n', body), merchant.privateKey), 'wechatpay-nonce': 'n' },
      body,
      'bad_signature',
    ],
    ['another key id', { ...signed(now), 'wechatpay-serial': '5157F09EFDC096DE15EBE81A47057A7232F1B8E1' }, body, 'unknown_serial'],
    ['no signature header', { ...signed(now), 'wechatpay-signature': undefined }, body, 'missing_headers'],
  ];
  it.each(cases)('%s', (_name, headers, text, refusal) => {
    expect(checkSignedMessage(headers, text, key, now)).toBe(refusal);
  });
});

describe('decrypting a notification resource (AEAD_AES_256_GCM with the APIv3 key)', () => {
  const encrypt = (plain: string, nonce: string, aad: string, key = APIV3) => {
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'utf8'), Buffer.from(nonce, 'utf8'));
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    return Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
  };
  const plain = '{"out_trade_no":"pay_1","trade_state":"SUCCESS","amount":{"total":1290}}';
  const resource = {
    algorithm: 'AEAD_AES_256_GCM',
    nonce: 'fdasflkja484',
    associated_data: 'transaction',
    ciphertext: encrypt(plain, 'fdasflkja484', 'transaction'),
  };

  it('gives back the plaintext', () => {
    expect(decryptResource(resource, APIV3)).toBe(plain);
  });
  const refusals: Array<[string, typeof resource, string]> = [
    ['another APIv3 key', resource, 'c'.repeat(32)],
    ['other associated data', { ...resource, associated_data: 'refund' }, APIV3],
    ['another nonce', { ...resource, nonce: 'fdasflkja485' }, APIV3],
    [
      'a flipped ciphertext bit',
      {
        ...resource,
        ciphertext: Buffer.from(Buffer.from(resource.ciphertext, 'base64').map((b, i) => (i === 3 ? b ^ 1 : b))).toString('base64'),
      },
      APIV3,
    ],
    ['another algorithm', { ...resource, algorithm: 'AEAD_AES_128_GCM' }, APIV3],
    ['a key that is not 32 bytes', resource, 'short'],
    ['a ciphertext shorter than its tag', { ...resource, ciphertext: randomBytes(8).toString('base64') }, APIV3],
  ];
  it.each(refusals)('refuses %s', (_name, r, key) => {
    expect(decryptResource(r, key)).toBeNull();
  });
});

describe('WeChat Pay settings', () => {
  const full = {
    LINLI_PAYMENT_PROVIDER: 'wechatpay',
    LINLI_PUBLIC_URL: 'https://shop.example.com',
    LINLI_WECHATPAY_MCHID: '1900000001',
    LINLI_WECHATPAY_APPID: 'wxd678efh567hg6787',
    LINLI_WECHATPAY_SERIAL: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    LINLI_WECHATPAY_PRIVATE_KEY_FILE: '/nonexistent/apiclient_key.pem',
    LINLI_WECHATPAY_APIV3_KEY: APIV3,
    LINLI_WECHATPAY_PUBLIC_KEY_ID: KEY_ID,
    LINLI_WECHATPAY_PUBLIC_KEY_FILE: '/nonexistent/pub_key.pem',
  };

  it('names every missing setting', () => {
    expect(() => loadConfig({ LINLI_PAYMENT_PROVIDER: 'wechatpay', LINLI_WECHATPAY_MCHID: '1900000001' })).toThrow(
      /LINLI_PAYMENT_PROVIDER=wechatpay needs LINLI_PUBLIC_URL, LINLI_WECHATPAY_APPID, LINLI_WECHATPAY_SERIAL, LINLI_WECHATPAY_PRIVATE_KEY_FILE, LINLI_WECHATPAY_APIV3_KEY, LINLI_WECHATPAY_PUBLIC_KEY_ID, LINLI_WECHATPAY_PUBLIC_KEY_FILE$/,
    );
  });

  it('refuses a malformed value and a plain-http notification address in production', () => {
    expect(() => loadConfig({ ...full, LINLI_WECHATPAY_APIV3_KEY: 'short' })).toThrow(
      /LINLI_WECHATPAY_APIV3_KEY: the APIv3 key has 32 characters/,
    );
    expect(() => loadConfig({ ...full, LINLI_ENV: 'production', LINLI_PUBLIC_URL: 'http://shop.example.com' })).toThrow(
      /must be an https address/,
    );
    const config = loadConfig({ ...full, LINLI_ENV: 'production' });
    expect(config.wechatpay).toMatchObject({ mchid: '1900000001', baseUrl: 'https://api.mch.weixin.qq.com' });
  });

  it('reads the key files at start, and says which one is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linli-wxkeys-'));
    try {
      const priv = join(dir, 'apiclient_key.pem');
      const pub = join(dir, 'pub_key.pem');
      writeFileSync(priv, merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      writeFileSync(pub, platform.publicKey.export({ type: 'spki', format: 'pem' }));
      const settings = loadConfig({ ...full, LINLI_WECHATPAY_PRIVATE_KEY_FILE: priv, LINLI_WECHATPAY_PUBLIC_KEY_FILE: pub }).wechatpay;
      if (!settings) throw new Error('no settings');
      const creds = wechatpayCredentials(settings);
      expect(creds.privateKey.export({ type: 'pkcs8', format: 'pem' })).toEqual(
        createPrivateKey(merchant.privateKey.export({ type: 'pkcs8', format: 'pem' })).export({ type: 'pkcs8', format: 'pem' }),
      );
      expect(() => wechatpayCredentials({ ...settings, publicKeyFile: join(dir, 'missing.pem') })).toThrow(ConfigError);
      writeFileSync(join(dir, 'garbage.pem'), 'not a key');
      expect(() => wechatpayCredentials({ ...settings, privateKeyFile: join(dir, 'garbage.pem') })).toThrow(
        /LINLI_WECHATPAY_PRIVATE_KEY_FILE: .* is not an RSA key in PEM form/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
