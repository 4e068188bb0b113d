import { createHash, type KeyObject } from 'node:crypto';
import { authorization, checkSignedMessage, newNonce, requestMessage, sign } from './wechatpay.signing.ts';

/** A merchant's WeChat Pay API v3 credentials (public key mode: 微信支付公钥). */
export interface WechatPayCredentials {
  mchid: string;
  appid: string;
  /** The serial number of the merchant's API certificate (商户API证书序列号). */
  serialNo: string;
  privateKey: KeyObject;
  apiV3Key: string;
  /** The WeChat Pay public key's id (`PUB_KEY_ID_…`) and the key, to verify answers and notifications. */
  publicKeyId: string;
  publicKey: KeyObject;
  /** https://api.mch.weixin.qq.com, or a double's address in tests. */
  baseUrl: string;
}

/** An answer WeChat Pay refused with (its `code` and `message`), or one that failed our checks. */
export class WechatPayError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(`WeChat Pay ${status} ${code}: ${message}`);
    this.name = 'WechatPayError';
    this.status = status;
    this.code = code;
  }
}

const TIMEOUT_MS = 10_000;

/**
 * Signed requests to WeChat Pay API v3. Every request carries the `Authorization` signature and
 * the public key id (`Wechatpay-Serial`); every answer's signature is checked over its exact body
 * before it is believed, errors included, so a forged answer never marks anything paid.
 */
export class WechatPayClient {
  private readonly creds: WechatPayCredentials;
  private readonly nowSeconds: () => number;

  /** `nowSeconds`: the installation's clock, in Unix seconds (request timestamps, the answers' window). */
  constructor(creds: WechatPayCredentials, nowSeconds: () => number) {
    this.creds = creds;
    this.nowSeconds = nowSeconds;
  }

  /**
   * Downloads a bill file from the `download_url` a bill request answered: a signed GET whose
   * answer carries no signature (the documented exception), so its SHA1 must equal `sha1`.
   */
  async download(downloadUrl: string, sha1: string): Promise<string> {
    const url = new URL(downloadUrl);
    const pathWithQuery = `${url.pathname}${url.search}`;
    const timestamp = String(this.nowSeconds());
    const nonce = newNonce();
    const signature = sign(requestMessage('GET', pathWithQuery, timestamp, nonce, ''), this.creds.privateKey);
    let res: Response;
    try {
      res = await fetch(url, {
        headers: {
          accept: 'application/json',
          authorization: authorization({ mchid: this.creds.mchid, serialNo: this.creds.serialNo, nonce, timestamp, signature }),
          'wechatpay-serial': this.creds.publicKeyId,
          'user-agent': 'linli',
        },
        signal: AbortSignal.timeout(60_000),
      });
    } catch (err) {
      throw new WechatPayError(0, 'NETWORK', err instanceof Error ? err.message : String(err));
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new WechatPayError(res.status, 'DOWNLOAD_FAILED', bytes.toString('utf8').slice(0, 200));
    const digest = createHash('sha1').update(bytes).digest('hex');
    if (digest.toLowerCase() !== sha1.toLowerCase())
      throw new WechatPayError(200, 'BILL_HASH_MISMATCH', 'the downloaded bill does not match its SHA1');
    return bytes.toString('utf8');
  }

  /** Sends one request; answers the parsed JSON (null for 204) or throws WechatPayError. */
  async call<T>(method: 'GET' | 'POST', pathWithQuery: string, body?: unknown): Promise<T | null> {
    const payload = body === undefined ? '' : JSON.stringify(body);
    const timestamp = String(this.nowSeconds());
    const nonce = newNonce();
    const signature = sign(requestMessage(method, pathWithQuery, timestamp, nonce, payload), this.creds.privateKey);
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: authorization({ mchid: this.creds.mchid, serialNo: this.creds.serialNo, nonce, timestamp, signature }),
      'wechatpay-serial': this.creds.publicKeyId,
      'user-agent': 'linli',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(new URL(pathWithQuery, this.creds.baseUrl), {
        method,
        headers,
        ...(body !== undefined ? { body: payload } : {}),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new WechatPayError(0, 'NETWORK', err instanceof Error ? err.message : String(err));
    }
    const text = await res.text();
    const answerHeaders: Record<string, string | undefined> = {};
    res.headers.forEach((value, name) => {
      answerHeaders[name] = value;
    });
    const refusal = checkSignedMessage(
      answerHeaders,
      text,
      { id: this.creds.publicKeyId, publicKey: this.creds.publicKey },
      this.nowSeconds(),
    );
    if (refusal) throw new WechatPayError(res.status, 'ANSWER_NOT_VERIFIED', `the answer's signature did not verify (${refusal})`);
    if (res.status === 204) return null;
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new WechatPayError(res.status, 'ANSWER_NOT_JSON', 'the answer is not JSON');
    }
    if (res.status >= 200 && res.status < 300) return json as T;
    const error = (json ?? {}) as { code?: unknown; message?: unknown };
    throw new WechatPayError(
      res.status,
      typeof error.code === 'string' ? error.code : 'UNKNOWN',
      typeof error.message === 'string' ? error.message : text.slice(0, 200),
    );
  }
}
