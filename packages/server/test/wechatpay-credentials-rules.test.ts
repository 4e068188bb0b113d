import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { checkCredentials, type CredentialsInput, isProblem } from '../src/modules/payment/wechatpay-credentials.rules.ts';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pkcs8 = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const pkcs1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const spki = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const encrypted = rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' }).toString();

const good: CredentialsInput = {
  mchid: '1900000109',
  appid: 'wxd678efh567hg6787',
  merchantSerial: '5157f09efdc096de15ebe81a47057a7232f1b8e1',
  privateKeyPem: pkcs8,
  apiV3Key: 'a'.repeat(32),
  publicKeyId: 'PUB_KEY_ID_0114232134912410000000000000',
  publicKeyPem: spki,
};

describe('WeChat Pay credentials checked before they are stored', () => {
  it('takes good credentials: the serial upper-cased, PKCS#1 as well as PKCS#8, surrounding blanks ignored', () => {
    const checked = checkCredentials(good);
    expect(isProblem(checked)).toBe(false);
    expect(checked).toMatchObject({ merchantSerial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1', mchid: '1900000109' });
    expect(isProblem(checkCredentials({ ...good, privateKeyPem: `\n  ${pkcs1}\n` }))).toBe(false);
  });

  it.each<[string, Partial<CredentialsInput>, string]>([
    ['a merchant id with letters', { mchid: '19000a0109' }, 'mchid'],
    ['a merchant id of 7 digits', { mchid: '1900001' }, 'mchid'],
    ['an app id without wx', { appid: 'ab678efh567hg6787a' }, 'appid'],
    ['an app id one short', { appid: 'wxd678efh567hg678' }, 'appid'],
    ['a serial that is not hex', { merchantSerial: 'XYZ157F09EFDC096' }, 'merchantSerial'],
    ['a public key id without its prefix', { publicKeyId: '0114232134912410000000000000' }, 'publicKeyId'],
    ['a private key that is not PEM', { privateKeyPem: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC' }, 'privateKeyPem'],
    ['a private key PEM cut short', { privateKeyPem: pkcs8.slice(0, 200) }, 'privateKeyPem'],
    ['the public key pasted as the private key', { privateKeyPem: spki }, 'privateKeyPem'],
    ['an EC private key', { privateKeyPem: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }, 'privateKeyPem'],
    ['a passphrase-protected private key', { privateKeyPem: encrypted }, 'privateKeyPem'],
    ['an APIv3 key of 31 bytes', { apiV3Key: 'a'.repeat(31) }, 'apiV3Key'],
    ['an APIv3 key of 33 bytes', { apiV3Key: 'a'.repeat(33) }, 'apiV3Key'],
    ['an APIv3 key of 32 characters but 33 bytes', { apiV3Key: `${'a'.repeat(31)}é` }, 'apiV3Key'],
    ['a public key that is garbage', { publicKeyPem: '-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----' }, 'publicKeyPem'],
    ['the private key pasted as the public key', { publicKeyPem: pkcs8 }, 'publicKeyPem'],
    ['an EC public key', { publicKeyPem: ec.publicKey.export({ type: 'spki', format: 'pem' }).toString() }, 'publicKeyPem'],
  ])('refuses %s', (_what, change, field) => {
    const checked = checkCredentials({ ...good, ...change });
    expect(isProblem(checked) && checked.field).toBe(field);
  });
});

describe("the installation's WeChat Pay settings: all or none", () => {
  it.each<[string, Record<string, string>, string | null]>([
    ['none: operators bring their own', { LINLI_PUBLIC_URL: 'https://shop.example.com' }, null],
    ['none, but no public address for the notifications', {}, 'needs LINLI_PUBLIC_URL$'],
    ['some', { LINLI_PUBLIC_URL: 'https://shop.example.com', LINLI_WECHATPAY_MCHID: '1900000001' }, 'needs LINLI_WECHATPAY_APPID'],
  ])('%s', (_what, env, refusal) => {
    const load = () => loadConfig({ LINLI_PAYMENT_PROVIDER: 'wechatpay', ...env });
    if (refusal) expect(load).toThrow(new RegExp(refusal));
    else
      expect(load()).toMatchObject({
        paymentProvider: 'wechatpay',
        wechatpay: undefined,
        wechatpayBaseUrl: 'https://api.mch.weixin.qq.com',
      });
  });
});
