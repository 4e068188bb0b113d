import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError, type WechatPaySettings } from '../../config.ts';
import type { WechatPayCredentials } from './wechatpay.client.ts';

/** Where WeChat Pay posts payment and refund notifications, on the installation's public address. */
export const WECHATPAY_NOTIFY_PATH = '/api/v1/payments/wechatpay/notify';

/** The merchant's credentials from the configured settings: the key files are read and parsed here, once. */
export function wechatpayCredentials(s: WechatPaySettings): WechatPayCredentials {
  return {
    mchid: s.mchid,
    appid: s.appid,
    serialNo: s.serialNo,
    privateKey: readKey(s.privateKeyFile, 'LINLI_WECHATPAY_PRIVATE_KEY_FILE', createPrivateKey),
    apiV3Key: s.apiV3Key,
    publicKeyId: s.publicKeyId,
    publicKey: readKey(s.publicKeyFile, 'LINLI_WECHATPAY_PUBLIC_KEY_FILE', createPublicKey),
    baseUrl: s.baseUrl,
  };
}

function readKey(file: string, setting: string, parse: (pem: string) => KeyObject): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${setting}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const key = parse(pem);
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
    return key;
  } catch {
    throw new ConfigError(`${setting}: ${file} is not an RSA key in PEM form`);
  }
}
