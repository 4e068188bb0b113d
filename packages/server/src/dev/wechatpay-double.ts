import {
  constants,
  createCipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  createSign,
  createVerify,
  generateKeyPairSync,
  type KeyObject,
  privateDecrypt,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { join, resolve } from 'node:path';

/**
 * A stand-in for WeChat Pay API v3 (微信支付 APIv3) for a direct merchant (直连商户), in
 * "WeChat Pay public key mode" (微信支付公钥模式), written from the published protocol and not
 * from any client in this repository, so it checks linli's client independently.
 *
 * Requests: every `/v3/…` call must carry `Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",
 * nonce_str="…",signature="…",timestamp="…",serial_no="…"` (any order), signed SHA256withRSA
 * (PKCS#1 v1.5, base64) with the merchant's private key over `METHOD\nURL\ntimestamp\nnonce\nbody\n`
 * (URL = path and query as sent; body = the exact bytes, empty for GET). A missing or malformed
 * header, another mchid, another serial_no, a timestamp more than 5 minutes from `now()` or a
 * signature that does not verify is refused with 401 `{ code: 'SIGN_ERROR', message }`. It also
 * wants `Accept: application/json`, and `Content-Type: application/json` on a POST (400
 * INVALID_REQUEST otherwise).
 *
 * Answers, errors included, carry `Wechatpay-Timestamp`, `Wechatpay-Nonce`, `Wechatpay-Serial`
 * (the public key id, `PUB_KEY_ID_…`), `Wechatpay-Signature-Type` and `Wechatpay-Signature`:
 * SHA256withRSA over `timestamp\nnonce\nbody\n` with the WeChat Pay private key (a 204 signs the
 * empty body), plus `Request-ID`. Verify them with `publicKeyPem`.
 *
 * Endpoints: `POST /v3/pay/transactions/{jsapi,h5,native}` (→ prepay_id, h5_url, code_url),
 * `GET /v3/pay/transactions/out-trade-no/{no}?mchid=` and `/id/{transaction_id}?mchid=`,
 * `POST /v3/pay/transactions/out-trade-no/{no}/close` (204), `POST /v3/refund/domestic/refunds`
 * (idempotent by out_refund_no) and `GET /v3/refund/domestic/refunds/{out_refund_no}`. Errors are
 * `{ code, message }`: 400 PARAM_ERROR, APPID_MCHID_NOT_MATCH, INVALID_REQUEST, ORDERPAID,
 * ORDER_CLOSED; 404 ORDER_NOT_EXIST (trade) and RESOURCE_NOT_EXISTS (refund). The h5_url opens a
 * page served here (`/pay/h5/{prepay_id}?package=…`, to which a merchant may append
 * `&redirect_url=` URL-encoded) with a 确认支付 button (`#confirm-pay`) that pays and redirects.
 *
 * Trade bills: `GET /v3/bill/tradebill?bill_date=yyyy-MM-DD` (bill_type ALL, uncompressed; a date
 * before the double's today; 400 NO_STATEMENT_EXIST for a day without trades) answers
 * `{ hash_type: 'SHA1', hash_value, download_url }`; the download (a signed GET like any other
 * request) serves the file unsigned, as WeChat Pay does: a header line, one line per paid trade
 * and per successful refund of that Beijing day, every field after a backtick, amounts in yuan,
 * then the summary lines. `billOmit` and `billFen` put differences into it.
 *
 * Paying (`pay()`, or the H5 page) and settling a refund (after `refundDelayMs`, or
 * `settleRefund()`) POST a notification to the notify_url: `{ id, create_time, event_type,
 * resource_type: 'encrypt-resource', summary, resource: { original_type, algorithm:
 * 'AEAD_AES_256_GCM', ciphertext, associated_data, nonce } }`, the resource encrypted with
 * AES-256-GCM (key = the 32-byte APIv3 key, IV = the 12-char nonce, AAD = associated_data,
 * ciphertext = base64 of cipher text and 16-byte tag), signed like an answer. A 200 or 204 is an
 * acknowledgement; any other status, a network error or no answer within `notifyTimeoutMs` is
 * retried after each of `retryDelaysMs` (real WeChat Pay retries at 15s/15s/30s/3m/10m/20m/30m/
 * 30m/30m/60m/3h/3h/3h/6h/6h), then given up. Every attempt is recorded in `notifications`.
 *
 * Transfers to a user's WeChat balance (商家转账, user-confirmation mode): the transfer bills of
 * `/v3/fund-app/mch-transfer/transfer-bills`, the payee's confirmation page and the
 * MCHTRANSFER.BILL.FINISHED notification; see `transferBillsDouble` at the end of this file.
 *
 * Start it in a test (`await startWechatPayDouble()`, on an ephemeral port) or on its own for the
 * demo: `npm run dev:providers -- [port=7010] [keyDir=./data-dev-providers/wechatpay]`.
 * It writes `apiclient_key.pem` (the merchant key), `wechatpay_pub_key.pem`, its own
 * `wechatpay_private_key.pem` and `double.json` (ids and APIv3 key) into keyDir, reuses them on a
 * restart so a configured linli still matches, and prints the LINLI_WECHATPAY_* settings to give
 * linli. A test app with a fixed clock can pass `now` so the 5-minute window follows its clock.
 */
export interface WechatPayDouble {
  /** Base URL, e.g. `http://127.0.0.1:PORT` (the API host and the H5 pages). */
  url: string;
  mchid: string;
  appid: string;
  /** The merchant API certificate serial the requests must name in serial_no. */
  merchantSerial: string;
  /** The merchant's private key (PKCS#8 PEM), for the client under test to sign with. */
  merchantPrivateKeyPem: string;
  /** The WeChat Pay public key id, sent as `Wechatpay-Serial`. */
  publicKeyId: string;
  /** The WeChat Pay public key (SPKI PEM), to verify answers and notifications. */
  publicKeyPem: string;
  /** The APIv3 key: 32 ASCII characters, the AES-256-GCM key of notification resources. */
  apiV3Key: string;
  /** Every request in order, with the status it was answered. */
  requests: Array<{ method: string; path: string; status: number }>;
  /** Transactions by out_trade_no, as the query answers them (plus what the merchant sent). */
  readonly transactions: ReadonlyMap<string, Readonly<WechatPayTransactionView>>;
  /** Refunds by out_refund_no, as the refund query answers them. */
  readonly refunds: ReadonlyMap<string, Readonly<WechatPayRefund>>;
  /** Every notification delivery attempt (status null: network error or timeout). */
  notifications: WechatPayNotificationAttempt[];
  /** The last notification sent of each kind, to replay with `sendNotification`. */
  lastNotification: { transaction: RawNotification | null; refund: RawNotification | null; transfer: RawNotification | null };
  /** Answer every API request with this error instead; null to stop. */
  failWith: { status: number; code: string; message: string } | null;
  /** Send notifications with a broken signature or a 10-minute-old (validly signed) timestamp. */
  tamperNotifications: 'signature' | 'timestamp' | null;
  /** Queue notifications instead of sending them; `flushNotifications()` sends the queue. */
  holdNotifications: boolean;
  /** How refunds created from now on end when settled on their own. */
  refundOutcome: RefundOutcome;
  /** Settle new refunds this long after answering (0: on the next tick); negative: never on their own. */
  refundDelayMs: number;
  retryDelaysMs: number[];
  /** The double's clock, ms since the epoch (signature windows, timestamps, success_time). */
  now: () => number;
  /** The payer confirms: the transaction becomes SUCCESS and TRANSACTION.SUCCESS is sent. Resolves when acknowledged or given up. */
  pay(outTradeNo: string, opts?: { openid?: string }): Promise<void>;
  /** Ends a PROCESSING refund and sends its notification. */
  settleRefund(outRefundNo: string, outcome?: RefundOutcome): Promise<void>;
  /** Sends the held notifications (with retries). */
  flushNotifications(): Promise<void>;
  /** Posts a raw notification once more, as is; resolves to the merchant's status (null: network error). */
  sendNotification(raw: RawNotification): Promise<number | null>;
  /**
   * Differences put into the trade bills, for reconciliation tests: a trade (out_trade_no) or
   * refund (out_refund_no) in `billOmit` is left out of its bill; one in `billFen` is billed at
   * that amount (fen) instead of its own.
   */
  billOmit: Set<string>;
  billFen: Map<string, number>;
  /** The trade bill (bill_type ALL) of a Beijing date, as the download serves it. */
  tradeBill(date: string): string;
  /** Transfer bills (商家转账) by out_bill_no, as the query answers them plus what the merchant sent. */
  readonly transferBills: ReadonlyMap<string, Readonly<WechatPayTransferBill>>;
  /** When set, a confirmed transfer ends FAIL with this fail_reason (e.g. PAYEE_ACCOUNT_ABNORMAL) instead of SUCCESS. */
  transferFailReason: string | null;
  /** The payee confirms the transfer with this package_info (what requestMerchantTransfer does in WeChat); resolves when its notification is acknowledged or given up. */
  confirmTransfer(packageInfo: string, opts?: { openid?: string }): Promise<void>;
  /** Closes (CANCELLED) the transfers not confirmed within 24 hours of the double's now and sends their notifications; answers how many. */
  expireTransfers(): Promise<number>;
  close(): Promise<void>;
}

export interface WechatPayDoubleOptions {
  port?: number;
  mchid?: string;
  appid?: string;
  merchantSerial?: string;
  /** Reuse a merchant key (PKCS#8 PEM) instead of generating one. */
  merchantPrivateKeyPem?: string;
  publicKeyId?: string;
  /** Reuse the WeChat Pay key pair's private half (PEM) instead of generating one. */
  wechatpayPrivateKeyPem?: string;
  apiV3Key?: string;
  /** Accept http:// notify URLs (the real API wants https); default true, for local tests. */
  allowHttpNotify?: boolean;
  /** Default [50, 200, 1000]. */
  retryDelaysMs?: number[];
  /** Default 0. */
  refundDelayMs?: number;
  /** Default 'SUCCESS'. */
  refundOutcome?: RefundOutcome;
  /** How long the merchant has to answer a notification; default 5000 (the docs' 5 s). */
  notifyTimeoutMs?: number;
  /** Default `Date.now`. */
  now?: () => number;
}

export type RefundOutcome = 'SUCCESS' | 'ABNORMAL' | 'CLOSED';
export type TradeType = 'JSAPI' | 'MWEB' | 'NATIVE';
export type TradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED';

/** The transaction as the query answers it; fields of a payment appear only once paid. */
export interface WechatPayTransaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_type?: TradeType;
  trade_state: TradeState;
  trade_state_desc: string;
  bank_type?: string;
  attach?: string;
  success_time?: string;
  payer?: { openid: string };
  amount: { total: number; payer_total?: number; currency: string; payer_currency?: string };
}

export interface WechatPayTransactionView extends WechatPayTransaction {
  description: string;
  notify_url: string;
  prepay_id: string;
  time_expire?: string;
  /** Refunded so far (refunds not CLOSED), fen. */
  refunded: number;
}

export interface WechatPayRefund {
  refund_id: string;
  out_refund_no: string;
  transaction_id: string;
  out_trade_no: string;
  channel: 'ORIGINAL';
  user_received_account: string;
  success_time?: string;
  create_time: string;
  status: 'PROCESSING' | RefundOutcome;
  funds_account: string;
  amount: {
    total: number;
    refund: number;
    from: never[];
    payer_total: number;
    payer_refund: number;
    settlement_refund: number;
    settlement_total: number;
    discount_refund: number;
    currency: string;
    refund_fee: number;
  };
  promotion_detail: never[];
}

export interface WechatPayNotificationAttempt {
  url: string;
  eventType: string;
  outTradeNo?: string;
  outRefundNo?: string;
  /** A transfer's out_bill_no (MCHTRANSFER.BILL.FINISHED). */
  outBillNo?: string;
  attempt: number;
  status: number | null;
  error?: string;
}

export interface RawNotification {
  url: string;
  eventType: string;
  outTradeNo?: string;
  outRefundNo?: string;
  outBillNo?: string;
  headers: Record<string, string>;
  body: string;
}

const SIGNATURE_TYPE = 'WECHATPAY2-SHA256-RSA2048';
const OUT_TRADE_NO = /^[A-Za-z0-9_\-|*]{6,32}$/;
const OUT_REFUND_NO = /^[A-Za-z0-9_\-|*@]{1,64}$/;
const TRADE_STATE_DESC: Record<TradeState, string> = {
  SUCCESS: '支付成功',
  REFUND: '订单发生过退款，退款详情请查询退款单',
  NOTPAY: '订单未支付',
  CLOSED: '订单已关闭',
};
const REFUND_SUMMARY: Record<RefundOutcome, string> = { SUCCESS: '退款成功', ABNORMAL: '退款异常', CLOSED: '退款关闭' };

class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}
const paramError = (message: string) => new ApiError(400, 'PARAM_ERROR', message);

/** RFC 3339 in Beijing time, as WeChat Pay writes times: `2024-05-20T13:29:35+08:00`. */
export function beijingTime(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000 + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

const digits = (n: number) =>
  Array.from(randomBytes(n), (b) => String(b % 10))
    .join('')
    .slice(0, n);
const alnum = (n: number) => {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(n), (b) => chars[b % chars.length]).join('');
};
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

interface Transaction {
  appid: string;
  mchid: string;
  description: string;
  out_trade_no: string;
  notify_url: string;
  attach?: string;
  time_expire?: string;
  total: number;
  currency: string;
  trade_type: TradeType;
  trade_state: TradeState;
  prepay_id: string;
  /** JSAPI: the payer named at prepay. */
  openid?: string;
  transaction_id?: string;
  success_time?: string;
  payer_openid?: string;
  h5_package?: string;
  code_url?: string;
  refunded: number;
}

interface Refund {
  view: WechatPayRefund;
  notify_url?: string;
  reason?: string;
}

interface PendingNotice {
  url: string;
  eventType: string;
  summary: string;
  originalType: 'transaction' | 'refund' | 'mch_payment';
  resource: unknown;
  outTradeNo?: string;
  outRefundNo?: string;
  outBillNo?: string;
}

function transactionJson(tx: Transaction): WechatPayTransaction {
  const paid = tx.transaction_id !== undefined;
  return {
    appid: tx.appid,
    mchid: tx.mchid,
    out_trade_no: tx.out_trade_no,
    ...(paid ? { transaction_id: tx.transaction_id, trade_type: tx.trade_type } : {}),
    trade_state: tx.trade_state,
    trade_state_desc: TRADE_STATE_DESC[tx.trade_state],
    ...(paid ? { bank_type: 'OTHERS' } : {}),
    ...(paid && tx.attach !== undefined ? { attach: tx.attach } : {}),
    ...(paid ? { success_time: tx.success_time, payer: { openid: tx.payer_openid ?? '' } } : {}),
    amount: paid
      ? { total: tx.total, payer_total: tx.total, currency: tx.currency, payer_currency: tx.currency }
      : { total: tx.total, currency: tx.currency },
  };
}

function str(body: Record<string, unknown>, key: string, max: number, required = true): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) {
    if (required) throw paramError(`缺少参数 ${key}`);
    return undefined;
  }
  if (typeof v !== 'string' || v.length < 1 || v.length > max) throw paramError(`参数 ${key} 格式错误`);
  return v;
}

function obj(body: Record<string, unknown>, key: string, required = true): Record<string, unknown> | undefined {
  const v = body[key];
  if (v === undefined || v === null) {
    if (required) throw paramError(`缺少参数 ${key}`);
    return undefined;
  }
  if (typeof v !== 'object' || Array.isArray(v)) throw paramError(`参数 ${key} 格式错误`);
  return v as Record<string, unknown>;
}

function fen(body: Record<string, unknown>, key: string, path: string): number {
  const v = body[key];
  if (v === undefined || v === null) throw paramError(`缺少参数 ${path}`);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 1e11) throw paramError(`参数 ${path} 格式错误`);
  return v;
}

export async function startWechatPayDouble(options: WechatPayDoubleOptions = {}): Promise<WechatPayDouble> {
  const mchid = options.mchid ?? '1900000001';
  const appid = options.appid ?? 'wxd678efh567hg6787';
  const merchantSerial = (options.merchantSerial ?? randomBytes(20).toString('hex')).toUpperCase();
  const publicKeyId = options.publicKeyId ?? `PUB_KEY_ID_0114232134912410000000000000`;
  const apiV3Key = options.apiV3Key ?? alnum(32);
  if (Buffer.byteLength(apiV3Key, 'utf8') !== 32) throw new Error('apiV3Key must be 32 bytes');
  const allowHttpNotify = options.allowHttpNotify ?? true;
  const notifyTimeoutMs = options.notifyTimeoutMs ?? 5000;

  const newPair = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const merchantKey: KeyObject = options.merchantPrivateKeyPem ? createPrivateKey(options.merchantPrivateKeyPem) : newPair();
  const merchantPublicKey = createPublicKey(merchantKey);
  const platformKey: KeyObject = options.wechatpayPrivateKeyPem ? createPrivateKey(options.wechatpayPrivateKeyPem) : newPair();
  const publicKeyPem = createPublicKey(platformKey).export({ type: 'spki', format: 'pem' }).toString();
  const merchantPrivateKeyPem = merchantKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  const state = {
    requests: [] as WechatPayDouble['requests'],
    notifications: [] as WechatPayNotificationAttempt[],
    lastNotification: { transaction: null, refund: null, transfer: null } as WechatPayDouble['lastNotification'],
    transferFailReason: null as string | null,
    failWith: null as WechatPayDouble['failWith'],
    tamperNotifications: null as WechatPayDouble['tamperNotifications'],
    holdNotifications: false,
    refundOutcome: options.refundOutcome ?? ('SUCCESS' as RefundOutcome),
    refundDelayMs: options.refundDelayMs ?? 0,
    retryDelaysMs: options.retryDelaysMs ?? [50, 200, 1000],
    now: options.now ?? Date.now,
  };
  const transactions = new Map<string, Transaction>();
  const byPrepay = new Map<string, Transaction>();
  const refunds = new Map<string, Refund>();
  const held: PendingNotice[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const later = (ms: number) =>
    new Promise<void>((done) => {
      const t = setTimeout(() => {
        timers.delete(t);
        done();
      }, ms);
      timers.add(t);
    });

  /** Wechatpay-* headers for a body: SHA256withRSA over `timestamp\nnonce\nbody\n`. */
  const signedHeaders = (body: string, tamper: WechatPayDouble['tamperNotifications'] = null) => {
    const timestamp = String(Math.floor(state.now() / 1000) - (tamper === 'timestamp' ? 600 : 0));
    const nonce = randomBytes(16).toString('hex').toUpperCase();
    let signature = createSign('RSA-SHA256').update(`${timestamp}\n${nonce}\n${body}\n`).sign(platformKey, 'base64');
    if (tamper === 'signature') {
      const bytes = Buffer.from(signature, 'base64');
      bytes[0] = (bytes[0] ?? 0) ^ 0xff;
      signature = bytes.toString('base64');
    }
    return {
      'Wechatpay-Timestamp': timestamp,
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Signature': signature,
      'Wechatpay-Serial': publicKeyId,
      'Wechatpay-Signature-Type': SIGNATURE_TYPE,
    };
  };

  const encryptResource = (plain: unknown, associatedData: string) => {
    const nonce = alnum(12);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ct = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return { ciphertext: ct.toString('base64'), nonce };
  };

  const buildRaw = (n: PendingNotice): RawNotification => {
    const { ciphertext, nonce } = encryptResource(n.resource, n.originalType);
    const body = JSON.stringify({
      id: randomUUID(),
      create_time: beijingTime(state.now()),
      resource_type: 'encrypt-resource',
      event_type: n.eventType,
      summary: n.summary,
      resource: { original_type: n.originalType, algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: n.originalType, nonce },
    });
    return {
      url: n.url,
      eventType: n.eventType,
      ...(n.outTradeNo !== undefined ? { outTradeNo: n.outTradeNo } : {}),
      ...(n.outRefundNo !== undefined ? { outRefundNo: n.outRefundNo } : {}),
      ...(n.outBillNo !== undefined ? { outBillNo: n.outBillNo } : {}),
      headers: { 'Content-Type': 'application/json', ...signedHeaders(body, state.tamperNotifications) },
      body,
    };
  };

  /** One POST of a raw notification; records the attempt. */
  const post = async (raw: RawNotification, attempt: number): Promise<number | null> => {
    const record: WechatPayNotificationAttempt = {
      url: raw.url,
      eventType: raw.eventType,
      ...(raw.outTradeNo !== undefined ? { outTradeNo: raw.outTradeNo } : {}),
      ...(raw.outRefundNo !== undefined ? { outRefundNo: raw.outRefundNo } : {}),
      ...(raw.outBillNo !== undefined ? { outBillNo: raw.outBillNo } : {}),
      attempt,
      status: null,
    };
    state.notifications.push(record);
    if (raw.eventType.startsWith('REFUND.')) state.lastNotification.refund = raw;
    else if (raw.eventType.startsWith('MCHTRANSFER.')) state.lastNotification.transfer = raw;
    else state.lastNotification.transaction = raw;
    try {
      const res = await fetch(raw.url, {
        method: 'POST',
        headers: raw.headers,
        body: raw.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(notifyTimeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      record.status = res.status;
      return res.status;
    } catch (err) {
      record.error = err instanceof Error ? err.message : String(err);
      return null;
    }
  };

  /** Sends until acknowledged (200/204) or the retries are spent; each attempt freshly signed. */
  const deliver = async (n: PendingNotice): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      if (closed) return;
      const status = await post(buildRaw(n), attempt);
      if (status === 200 || status === 204) return;
      const wait = state.retryDelaysMs[attempt - 1];
      if (wait === undefined || closed) return;
      await later(wait);
    }
  };

  const notify = (n: PendingNotice): Promise<void> => {
    if (state.holdNotifications) {
      held.push(n);
      return Promise.resolve();
    }
    return deliver(n);
  };

  const payTransaction = async (tx: Transaction, openid?: string): Promise<void> => {
    if (tx.trade_state === 'CLOSED') throw new Error(`${tx.out_trade_no} is closed`);
    if (tx.trade_state !== 'NOTPAY') throw new Error(`${tx.out_trade_no} is already paid`);
    if (tx.time_expire !== undefined && Date.parse(tx.time_expire) < state.now()) throw new Error(`${tx.out_trade_no} has expired`);
    tx.trade_state = 'SUCCESS';
    tx.transaction_id = `42000${digits(23)}`;
    tx.success_time = beijingTime(state.now());
    tx.payer_openid = tx.openid ?? openid ?? `o${alnum(27)}`;
    return notify({
      url: tx.notify_url,
      eventType: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      originalType: 'transaction',
      resource: transactionJson(tx),
      outTradeNo: tx.out_trade_no,
    });
  };

  const settle = async (out_refund_no: string, outcome: RefundOutcome): Promise<void> => {
    const refund = refunds.get(out_refund_no);
    if (!refund) throw new Error(`no refund ${out_refund_no}`);
    const view = refund.view;
    if (view.status !== 'PROCESSING') throw new Error(`refund ${out_refund_no} is already ${view.status}`);
    view.status = outcome;
    if (outcome === 'SUCCESS') view.success_time = beijingTime(state.now());
    if (outcome === 'CLOSED') {
      const tx = transactions.get(view.out_trade_no);
      if (tx) tx.refunded -= view.amount.refund;
    }
    if (!refund.notify_url) return;
    return notify({
      url: refund.notify_url,
      eventType: `REFUND.${outcome}`,
      summary: REFUND_SUMMARY[outcome],
      originalType: 'refund',
      resource: {
        mchid,
        out_trade_no: view.out_trade_no,
        transaction_id: view.transaction_id,
        out_refund_no: view.out_refund_no,
        refund_id: view.refund_id,
        refund_status: outcome,
        ...(view.success_time ? { success_time: view.success_time } : {}),
        user_received_account: view.user_received_account,
        amount: {
          total: view.amount.total,
          refund: view.amount.refund,
          payer_total: view.amount.payer_total,
          payer_refund: view.amount.payer_refund,
        },
      },
      outTradeNo: view.out_trade_no,
      outRefundNo: view.out_refund_no,
    });
  };

  // ---- request authentication

  const authenticate = (req: IncomingMessage, rawUrl: string, body: Buffer) => {
    const header = req.headers.authorization;
    if (!header) throw new ApiError(401, 'SIGN_ERROR', '错误的签名，验签失败: 缺少 Authorization 头');
    const m = /^WECHATPAY2-SHA256-RSA2048 (.+)$/.exec(header);
    if (!m) throw new ApiError(401, 'SIGN_ERROR', 'Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》');
    const params = new Map<string, string>();
    for (const part of (m[1] ?? '').split(',')) {
      const kv = /^\s*([a-z_]+)="([^"]*)"\s*$/.exec(part);
      if (!kv || params.has(kv[1] ?? '')) throw new ApiError(401, 'SIGN_ERROR', 'Http头Authorization值格式错误');
      params.set(kv[1] ?? '', kv[2] ?? '');
    }
    const [authMchid, nonce, signature, timestamp, serial] = ['mchid', 'nonce_str', 'signature', 'timestamp', 'serial_no'].map((k) =>
      params.get(k),
    );
    if (!authMchid || !nonce || !signature || !timestamp || !serial)
      throw new ApiError(401, 'SIGN_ERROR', 'Http头Authorization缺少 mchid、nonce_str、signature、timestamp 或 serial_no');
    if (authMchid !== mchid) throw new ApiError(401, 'SIGN_ERROR', `商户号 ${authMchid} 与签名所用的商户不符`);
    if (serial.toUpperCase() !== merchantSerial)
      throw new ApiError(401, 'SIGN_ERROR', '商户证书序列号有误，请使用签名私钥匹配的证书序列号');
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Number(timestamp) - state.now() / 1000) > 300)
      throw new ApiError(401, 'SIGN_ERROR', 'Http头Authorization中的timestamp与发起请求的时间不得超过5分钟');
    const message = Buffer.concat([
      Buffer.from(`${req.method}\n${rawUrl}\n${timestamp}\n${nonce}\n`, 'utf8'),
      body,
      Buffer.from('\n', 'utf8'),
    ]);
    let ok = false;
    try {
      ok = createVerify('RSA-SHA256').update(message).verify(merchantPublicKey, signature, 'base64');
    } catch {
      ok = false;
    }
    if (!ok) throw new ApiError(401, 'SIGN_ERROR', '错误的签名，验签失败');
  };

  // ---- endpoints

  const checkNotifyUrl = (url: string, name: string) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw paramError(`${name} 格式错误`);
    }
    if (u.protocol !== 'https:' && !(allowHttpNotify && u.protocol === 'http:')) throw paramError(`${name} 必须为https地址`);
    if (u.search !== '' || u.username !== '' || u.password !== '') throw paramError(`${name} 不能携带参数`);
  };

  const transfers = transferBillsDouble({
    mchid,
    appid,
    publicKeyId,
    platformKey,
    now: () => state.now(),
    failReason: () => state.transferFailReason,
    checkNotifyUrl,
    notify,
  });

  const prepay = (tradeType: TradeType, body: Record<string, unknown>) => {
    const bodyAppid = str(body, 'appid', 32) as string;
    const bodyMchid = str(body, 'mchid', 32) as string;
    const description = str(body, 'description', 127) as string;
    const out_trade_no = str(body, 'out_trade_no', 32) as string;
    if (!OUT_TRADE_NO.test(out_trade_no)) throw paramError('out_trade_no 须为6-32个字符的数字、大小写字母或_-|*');
    const time_expire = str(body, 'time_expire', 64, false);
    if (
      time_expire !== undefined &&
      (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(time_expire) || Number.isNaN(Date.parse(time_expire)))
    )
      throw paramError('time_expire 须为rfc3339格式');
    const attach = str(body, 'attach', 128, false);
    const notify_url = str(body, 'notify_url', 255) as string;
    checkNotifyUrl(notify_url, 'notify_url');
    const amount = obj(body, 'amount') as Record<string, unknown>;
    const total = fen(amount, 'total', 'amount.total');
    const currency = amount.currency === undefined ? 'CNY' : amount.currency;
    if (currency !== 'CNY') throw paramError('amount.currency 目前只支持CNY');
    let openid: string | undefined;
    if (tradeType === 'JSAPI') openid = str(obj(body, 'payer') as Record<string, unknown>, 'openid', 128);
    if (tradeType === 'MWEB') {
      const scene = obj(body, 'scene_info') as Record<string, unknown>;
      str(scene, 'payer_client_ip', 45);
      str(obj(scene, 'h5_info') as Record<string, unknown>, 'type', 32);
    }
    if (bodyMchid !== mchid || bodyAppid !== appid) throw new ApiError(400, 'APPID_MCHID_NOT_MATCH', 'AppID和mch_id不匹配');

    const existing = transactions.get(out_trade_no);
    if (existing) {
      if (existing.trade_state === 'SUCCESS' || existing.trade_state === 'REFUND') throw new ApiError(400, 'ORDERPAID', '该订单已支付');
      if (existing.trade_state === 'CLOSED') throw new ApiError(400, 'ORDER_CLOSED', '订单已关闭');
      if (
        existing.trade_type !== tradeType ||
        existing.total !== total ||
        existing.description !== description ||
        existing.notify_url !== notify_url ||
        existing.openid !== openid
      )
        throw new ApiError(400, 'INVALID_REQUEST', '201 商户订单号重复');
      return existing;
    }
    const created = new Date(state.now() + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);
    const tx: Transaction = {
      appid,
      mchid,
      description,
      out_trade_no,
      notify_url,
      ...(attach !== undefined ? { attach } : {}),
      ...(time_expire !== undefined ? { time_expire } : {}),
      total,
      currency,
      trade_type: tradeType,
      trade_state: 'NOTPAY',
      prepay_id: `wx${created}${randomBytes(10).toString('hex')}`,
      ...(openid !== undefined ? { openid } : {}),
      refunded: 0,
    };
    if (tradeType === 'MWEB') tx.h5_package = digits(10);
    if (tradeType === 'NATIVE') tx.code_url = `weixin://wxpay/bizpayurl?pr=${alnum(9)}`;
    transactions.set(out_trade_no, tx);
    byPrepay.set(tx.prepay_id, tx);
    return tx;
  };

  const createRefund = (body: Record<string, unknown>) => {
    const transaction_id = str(body, 'transaction_id', 32, false);
    const out_trade_no = str(body, 'out_trade_no', 32, false);
    if (transaction_id === undefined && out_trade_no === undefined) throw paramError('transaction_id 和 out_trade_no 必须二选一');
    const out_refund_no = str(body, 'out_refund_no', 64) as string;
    if (!OUT_REFUND_NO.test(out_refund_no)) throw paramError('out_refund_no 只能是数字、大小写字母_-|*@');
    const reason = str(body, 'reason', 80, false);
    const notify_url = str(body, 'notify_url', 256, false);
    if (notify_url !== undefined) checkNotifyUrl(notify_url, 'notify_url');
    const amount = obj(body, 'amount') as Record<string, unknown>;
    const refund = fen(amount, 'refund', 'amount.refund');
    const total = fen(amount, 'total', 'amount.total');
    if (amount.currency !== 'CNY') throw paramError('amount.currency 目前只支持CNY');

    const tx =
      out_trade_no !== undefined
        ? transactions.get(out_trade_no)
        : [...transactions.values()].find((t) => t.transaction_id === transaction_id);
    if (!tx || tx.transaction_id === undefined || (transaction_id !== undefined && tx.transaction_id !== transaction_id))
      throw new ApiError(404, 'RESOURCE_NOT_EXISTS', '订单不存在');

    const existing = refunds.get(out_refund_no);
    if (existing) {
      const v = existing.view;
      if (v.out_trade_no !== tx.out_trade_no || v.amount.refund !== refund || v.amount.total !== total)
        throw new ApiError(400, 'INVALID_REQUEST', '订单金额或退款金额与之前请求不一致，请核实后再试');
      return { view: v, fresh: false };
    }
    if (total !== tx.total) throw new ApiError(400, 'INVALID_REQUEST', '订单金额与原订单不一致，请核实后再试');
    if (refund > tx.total - tx.refunded) throw new ApiError(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');

    tx.refunded += refund;
    tx.trade_state = 'REFUND';
    const view: WechatPayRefund = {
      refund_id: `50${digits(27)}`,
      out_refund_no,
      transaction_id: tx.transaction_id,
      out_trade_no: tx.out_trade_no,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      create_time: beijingTime(state.now()),
      status: 'PROCESSING',
      funds_account: 'AVAILABLE',
      amount: {
        total,
        refund,
        from: [],
        payer_total: total,
        payer_refund: refund,
        settlement_refund: refund,
        settlement_total: total,
        discount_refund: 0,
        currency: 'CNY',
        refund_fee: 0,
      },
      promotion_detail: [],
    };
    refunds.set(out_refund_no, {
      view,
      ...(notify_url !== undefined ? { notify_url } : {}),
      ...(reason !== undefined ? { reason } : {}),
    });
    return { view, fresh: true };
  };

  const scheduleSettle = (out_refund_no: string) => {
    if (state.refundDelayMs < 0) return;
    const outcome = state.refundOutcome;
    const t = setTimeout(() => {
      timers.delete(t);
      const r = refunds.get(out_refund_no);
      if (!closed && r?.view.status === 'PROCESSING') settle(out_refund_no, outcome).catch(() => undefined);
    }, state.refundDelayMs);
    timers.add(t);
  };

  // ---- Trade bills (申请交易账单 / 下载账单): one file a day, amounts in yuan, every field after a backtick.
  const billOmit = new Set<string>();
  const billFen = new Map<string, number>();
  const billTokens = new Map<string, string>();
  const yuanOf = (fen: number) => (fen / 100).toFixed(2);
  const BILL_HEADER =
    '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
  const row = (fields: string[]) => fields.map((f) => `\`${f}`).join(',');
  const tradeBill = (date: string): string => {
    const lines: string[] = [];
    let orderFen = 0;
    let refundFen = 0;
    let feeYuan = 0;
    const day = (rfc3339: string | undefined) => rfc3339?.slice(0, 10);
    for (const tx of transactions.values()) {
      if (!tx.transaction_id || day(tx.success_time) !== date || billOmit.has(tx.out_trade_no)) continue;
      const total = billFen.get(tx.out_trade_no) ?? tx.total;
      const fee = Math.round(total * 0.006) / 100;
      orderFen += total;
      feeYuan += fee;
      lines.push(
        row([
          (tx.success_time ?? '').slice(0, 19).replace('T', ' '),
          tx.appid,
          tx.mchid,
          '0',
          '',
          tx.transaction_id,
          tx.out_trade_no,
          tx.payer_openid ?? '',
          tx.trade_type,
          'SUCCESS',
          'OTHERS',
          'CNY',
          yuanOf(total),
          '0.00',
          '0',
          '0',
          '0.00',
          '0.00',
          '',
          '',
          tx.description,
          tx.attach ?? '',
          fee.toFixed(5),
          '0.60%',
          yuanOf(total),
          '0.00',
          '',
        ]),
      );
    }
    for (const r of refunds.values()) {
      const v = r.view;
      if (v.status !== 'SUCCESS' || day(v.success_time) !== date || billOmit.has(v.out_refund_no)) continue;
      const tx = transactions.get(v.out_trade_no);
      const amount = billFen.get(v.out_refund_no) ?? v.amount.refund;
      refundFen += amount;
      lines.push(
        row([
          (v.success_time ?? '').slice(0, 19).replace('T', ' '),
          tx?.appid ?? appid,
          mchid,
          '0',
          '',
          v.transaction_id,
          v.out_trade_no,
          tx?.payer_openid ?? '',
          tx?.trade_type ?? 'JSAPI',
          'REFUND',
          'OTHERS',
          'CNY',
          '0.00',
          '0.00',
          v.refund_id,
          v.out_refund_no,
          yuanOf(amount),
          '0.00',
          'ORIGINAL',
          'SUCCESS',
          tx?.description ?? '',
          tx?.attach ?? '',
          '0.00000',
          '0.60%',
          '0.00',
          yuanOf(amount),
          '',
        ]),
      );
    }
    const summary = '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';
    const totals = row([
      String(lines.length),
      yuanOf(orderFen),
      yuanOf(refundFen),
      '0.00',
      feeYuan.toFixed(5),
      yuanOf(orderFen),
      yuanOf(refundFen),
    ]);
    return `${BILL_HEADER}\r\n${lines.map((l) => `${l}\r\n`).join('')}${summary}\r\n${totals}\r\n`;
  };
  /** Beijing date of the double's now. */
  const today = () => beijingTime(state.now()).slice(0, 10);

  const requireMchidQuery = (query: URLSearchParams) => {
    const q = query.get('mchid');
    if (!q) throw paramError('缺少参数 mchid');
    if (q !== mchid) throw new ApiError(400, 'MCH_NOT_EXISTS', '商户号不存在');
  };

  // ---- HTTP

  const readBody = (req: IncomingMessage) =>
    new Promise<Buffer>((done, fail) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => done(Buffer.concat(chunks)));
      req.on('error', fail);
    });

  const api = async (req: IncomingMessage, res: ServerResponse, rawUrl: string, record: { status: number }, bodyBuf: Buffer) => {
    const answer = (status: number, payload?: unknown) => {
      const body = status === 204 || payload === undefined ? '' : JSON.stringify(payload);
      record.status = status;
      if (res.destroyed) return;
      res.writeHead(status, {
        ...(body ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
        'Request-ID': randomBytes(16).toString('hex').toUpperCase(),
        ...signedHeaders(body),
      });
      res.end(body);
    };
    try {
      if (state.failWith) {
        answer(state.failWith.status, { code: state.failWith.code, message: state.failWith.message });
        return;
      }
      authenticate(req, rawUrl, bodyBuf);
      const accept = req.headers.accept ?? '';
      if (!/application\/json/i.test(accept)) throw new ApiError(400, 'INVALID_REQUEST', 'Http头Accept请设置为application/json');
      let body: Record<string, unknown> = {};
      if (req.method === 'POST') {
        if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? ''))
          throw new ApiError(400, 'INVALID_REQUEST', 'Http头Content-Type请设置为application/json');
        try {
          const parsed: unknown = JSON.parse(bodyBuf.toString('utf8'));
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
          body = parsed as Record<string, unknown>;
        } catch {
          throw paramError('请求报文不是有效的JSON');
        }
      }
      const url = new URL(rawUrl, 'http://double');
      const path = url.pathname;
      const route = `${req.method} ${path}`;
      const transferAnswer = await transfers.api(req.method ?? '', path, body, req.headers['wechatpay-serial'] as string | undefined);
      if (transferAnswer) {
        answer(transferAnswer[0], transferAnswer[1]);
        return;
      }
      /** The decoded path parameter when the request is `method` on a path matching `re`. */
      const param = (method: string, re: RegExp): string | undefined => {
        const m = req.method === method ? re.exec(path) : null;
        return m ? decodeURIComponent(m[1] ?? '') : undefined;
      };
      const byOutTradeNo = param('GET', /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/);
      const byTransactionId = param('GET', /^\/v3\/pay\/transactions\/id\/([^/]+)$/);
      const toClose = param('POST', /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/);
      const refundNo = param('GET', /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/);
      if (route === 'POST /v3/pay/transactions/jsapi') answer(200, { prepay_id: prepay('JSAPI', body).prepay_id });
      else if (route === 'POST /v3/pay/transactions/h5') {
        const tx = prepay('MWEB', body);
        answer(200, { h5_url: `${base}/pay/h5/${tx.prepay_id}?package=${tx.h5_package}` });
      } else if (route === 'POST /v3/pay/transactions/native') answer(200, { code_url: prepay('NATIVE', body).code_url });
      else if (byOutTradeNo !== undefined || byTransactionId !== undefined) {
        requireMchidQuery(url.searchParams);
        const tx =
          byOutTradeNo !== undefined
            ? transactions.get(byOutTradeNo)
            : [...transactions.values()].find((t) => t.transaction_id === byTransactionId);
        if (!tx) throw new ApiError(404, 'ORDER_NOT_EXIST', '订单不存在');
        answer(200, transactionJson(tx));
      } else if (toClose !== undefined) {
        const bodyMchid = str(body, 'mchid', 32) as string;
        if (bodyMchid !== mchid) throw new ApiError(400, 'MCH_NOT_EXISTS', '商户号不存在');
        const tx = transactions.get(toClose);
        if (!tx) throw new ApiError(404, 'ORDER_NOT_EXIST', '订单不存在');
        if (tx.trade_state === 'SUCCESS' || tx.trade_state === 'REFUND') throw new ApiError(400, 'ORDERPAID', '订单已支付，不能发起关单');
        tx.trade_state = 'CLOSED';
        answer(204);
      } else if (route === 'POST /v3/refund/domestic/refunds') {
        const { view, fresh } = createRefund(body);
        answer(200, view);
        if (fresh) scheduleSettle(view.out_refund_no);
      } else if (route === 'GET /v3/bill/tradebill') {
        const date = url.searchParams.get('bill_date') ?? '';
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw paramError('bill_date 格式应为 yyyy-MM-DD');
        const type = url.searchParams.get('bill_type') ?? 'ALL';
        if (type !== 'ALL') throw paramError('this double serves bill_type ALL only');
        if (url.searchParams.get('tar_type')) throw paramError('this double serves uncompressed bills only');
        if (date >= today()) throw new ApiError(400, 'INVALID_REQUEST', '账单日期不能是当天或之后');
        const text = tradeBill(date);
        if (!text.includes('\r\n`')) throw new ApiError(400, 'NO_STATEMENT_EXIST', '账单不存在');
        const token = alnum(24);
        billTokens.set(token, text);
        answer(200, {
          hash_type: 'SHA1',
          hash_value: createHash('sha1').update(text, 'utf8').digest('hex'),
          download_url: `${base}/v3/billdownload/file?token=${token}`,
        });
      } else if (route === 'GET /v3/billdownload/file') {
        const text = billTokens.get(url.searchParams.get('token') ?? '');
        if (text === undefined) throw new ApiError(404, 'RESOURCE_NOT_EXISTS', '下载地址已过期');
        // The file itself: no Wechatpay-* signature (the documented exception); its SHA1 was in the bill's answer.
        record.status = 200;
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Request-ID': randomBytes(16).toString('hex').toUpperCase() });
        res.end(text);
      } else if (refundNo !== undefined) {
        const r = refunds.get(refundNo);
        if (!r) throw new ApiError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
        answer(200, r.view);
      } else throw new ApiError(404, 'NOT_FOUND', `no such API: ${route}`);
    } catch (err) {
      if (err instanceof ApiError) answer(err.status, { code: err.code, message: err.message });
      else answer(500, { code: 'SYSTEM_ERROR', message: String(err) });
    }
  };

  const page = (res: ServerResponse, record: { status: number }, status: number, title: string, inner: string) => {
    record.status = status;
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title></head><body>${inner}</body></html>`,
    );
  };

  const safeRedirect = (value: string | null): string | null | undefined => {
    if (!value) return null;
    try {
      const u = new URL(value);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
    } catch {
      return undefined;
    }
  };

  const h5 = async (req: IncomingMessage, res: ServerResponse, rawUrl: string, record: { status: number }, bodyBuf: Buffer) => {
    const url = new URL(rawUrl, 'http://double');
    const m = /^\/pay\/h5\/([A-Za-z0-9]+)(\/confirm)?$/.exec(url.pathname);
    const tx = m ? byPrepay.get(m[1] ?? '') : undefined;
    if (!m || !tx || tx.trade_type !== 'MWEB') return page(res, record, 404, '微信支付', '<p>订单不存在</p>');
    if (req.method === 'GET' && !m[2]) {
      const redirect = safeRedirect(url.searchParams.get('redirect_url'));
      if (redirect === undefined) return page(res, record, 400, '微信支付', '<p>redirect_url 无效</p>');
      if (tx.trade_state !== 'NOTPAY') return page(res, record, 200, '微信支付', `<p>${TRADE_STATE_DESC[tx.trade_state]}</p>`);
      const yuan = (tx.total / 100).toFixed(2);
      return page(
        res,
        record,
        200,
        '微信支付',
        `<main><h1>微信支付</h1><p class="description">${escapeHtml(tx.description)}</p><p class="amount">¥${yuan}</p>` +
          `<form method="post" action="/pay/h5/${tx.prepay_id}/confirm">` +
          `<input type="hidden" name="redirect_url" value="${escapeHtml(redirect ?? '')}">` +
          `<button id="confirm-pay" type="submit">确认支付</button></form></main>`,
      );
    }
    if (req.method === 'POST' && m[2]) {
      const form = new URLSearchParams(bodyBuf.toString('utf8'));
      const redirect = safeRedirect(form.get('redirect_url'));
      if (redirect === undefined) return page(res, record, 400, '微信支付', '<p>redirect_url 无效</p>');
      if (tx.trade_state !== 'NOTPAY') return page(res, record, 409, '微信支付', `<p>${TRADE_STATE_DESC[tx.trade_state]}</p>`);
      await payTransaction(tx);
      if (redirect) {
        record.status = 303;
        res.writeHead(303, { Location: redirect });
        res.end();
        return;
      }
      return page(res, record, 200, '微信支付', '<p id="paid">支付成功</p>');
    }
    return page(res, record, 405, '微信支付', '<p>不支持的请求</p>');
  };

  const server = createServer((req, res) => {
    const rawUrl = req.url ?? '/';
    const record = { method: req.method ?? 'GET', path: rawUrl, status: 0 };
    state.requests.push(record);
    readBody(req)
      .then((body) =>
        rawUrl.startsWith('/pay/h5/')
          ? h5(req, res, rawUrl, record, body)
          : rawUrl.startsWith('/transfer/confirm')
            ? transfers
                .page(req.method ?? 'GET', new URL(rawUrl, 'http://double'), new URLSearchParams(body.toString('utf8')))
                .then(([status, inner]) => page(res, record, status, '确认收款', inner))
            : api(req, res, rawUrl, record, body),
      )
      .catch((err) => {
        record.status = 500;
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(String(err));
      });
  });
  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  const views = () => {
    const out = new Map<string, WechatPayTransactionView>();
    for (const [k, tx] of transactions) {
      out.set(k, {
        ...transactionJson(tx),
        description: tx.description,
        notify_url: tx.notify_url,
        prepay_id: tx.prepay_id,
        ...(tx.time_expire !== undefined ? { time_expire: tx.time_expire } : {}),
        refunded: tx.refunded,
      });
    }
    return out;
  };

  // The handle is the double's state itself, so a test sets its switches (failWith, now, …) on it
  // directly; beside them its fixed facts and actions, and two read-only views.
  const handle = Object.assign(state, {
    url: base,
    mchid,
    appid,
    merchantSerial,
    merchantPrivateKeyPem,
    publicKeyId,
    publicKeyPem,
    apiV3Key,
    billOmit,
    billFen,
    tradeBill,
    pay: async (outTradeNo, opts = {}) => {
      const tx = transactions.get(outTradeNo);
      if (!tx) throw new Error(`no transaction ${outTradeNo}`);
      await payTransaction(tx, opts.openid);
    },
    settleRefund: async (outRefundNo, outcome) => {
      await settle(outRefundNo, outcome ?? state.refundOutcome);
    },
    flushNotifications: async () => {
      const queue = held.splice(0);
      await Promise.all(queue.map((n) => deliver(n)));
    },
    confirmTransfer: async (packageInfo, opts = {}) => {
      await transfers.confirm(packageInfo, opts);
    },
    expireTransfers: () => transfers.expire(),
    sendNotification: (raw) => post(raw, 1 + state.notifications.filter((a) => a.url === raw.url && a.eventType === raw.eventType).length),
    close: () =>
      new Promise<void>((done) => {
        closed = true;
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.closeAllConnections();
        server.close(() => done());
      }),
  } satisfies Omit<WechatPayDouble, keyof typeof state | 'transactions' | 'refunds' | 'transferBills'>);
  return Object.defineProperties(handle, {
    transferBills: { get: () => new Map([...transfers.bills].map(([k, b]) => [k, structuredClone(b)])), enumerable: true },
    transactions: { get: views, enumerable: true },
    refunds: { get: () => new Map([...refunds].map(([k, r]) => [k, structuredClone(r.view)])), enumerable: true },
  }) as typeof handle & Pick<WechatPayDouble, 'transactions' | 'refunds' | 'transferBills'>;
}

/** A free port on this machine, for a server whose address must be known before it starts (linli's notification URL). */
export async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((done) => probe.close(() => done()));
  return port;
}

/**
 * Writes the merchant's private key and the WeChat Pay public key into `keyDir` and answers the
 * settings (environment variables) that point linli at this double; `publicUrl`: where linli
 * listens, which WeChat Pay's notifications go to.
 */
export function linliSettings(d: WechatPayDouble, keyDir: string, publicUrl: string): Record<string, string> {
  const dir = resolve(keyDir);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'apiclient_key.pem'), d.merchantPrivateKeyPem, { mode: 0o600 });
  writeFileSync(join(dir, 'wechatpay_pub_key.pem'), d.publicKeyPem);
  return {
    LINLI_PAYMENT_PROVIDER: 'wechatpay',
    LINLI_PUBLIC_URL: publicUrl,
    LINLI_WECHATPAY_MCHID: d.mchid,
    LINLI_WECHATPAY_APPID: d.appid,
    LINLI_WECHATPAY_SERIAL: d.merchantSerial,
    LINLI_WECHATPAY_PRIVATE_KEY_FILE: join(dir, 'apiclient_key.pem'),
    LINLI_WECHATPAY_APIV3_KEY: d.apiV3Key,
    LINLI_WECHATPAY_PUBLIC_KEY_ID: d.publicKeyId,
    LINLI_WECHATPAY_PUBLIC_KEY_FILE: join(dir, 'wechatpay_pub_key.pem'),
    LINLI_WECHATPAY_BASE_URL: d.url,
  };
}

/** Keys and ids kept in keyDir (the merchant's keys written by linliSettings, the double's own by saveKeys) so that a restarted standalone double still matches a configured linli. */
function loadOrCreateKeys(keyDir: string): WechatPayDoubleOptions {
  const dir = resolve(keyDir);
  const files = {
    merchantKey: join(dir, 'apiclient_key.pem'),
    publicKey: join(dir, 'wechatpay_pub_key.pem'),
    platformKey: join(dir, 'wechatpay_private_key.pem'),
    settings: join(dir, 'double.json'),
  };
  if ([files.merchantKey, files.platformKey, files.settings].every((f) => existsSync(f))) {
    const s = JSON.parse(readFileSync(files.settings, 'utf8')) as Record<string, string>;
    return {
      merchantPrivateKeyPem: readFileSync(files.merchantKey, 'utf8'),
      wechatpayPrivateKeyPem: readFileSync(files.platformKey, 'utf8'),
      ...(s.mchid ? { mchid: s.mchid } : {}),
      ...(s.appid ? { appid: s.appid } : {}),
      ...(s.merchantSerial ? { merchantSerial: s.merchantSerial } : {}),
      ...(s.publicKeyId ? { publicKeyId: s.publicKeyId } : {}),
      ...(s.apiV3Key ? { apiV3Key: s.apiV3Key } : {}),
    };
  }
  return {};
}

function saveKeys(keyDir: string, d: WechatPayDouble, platformKeyPem: string) {
  const dir = resolve(keyDir);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'wechatpay_private_key.pem'), platformKeyPem, { mode: 0o600 });
  const settings = { mchid: d.mchid, appid: d.appid, merchantSerial: d.merchantSerial, publicKeyId: d.publicKeyId, apiV3Key: d.apiV3Key };
  writeFileSync(join(dir, 'double.json'), `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
}

/**
 * Starts the double on a port with its keys kept in `keyDir` (made at the first start, reused
 * after, so linli's settings stay valid), and answers the settings that point linli at it.
 */
export async function startLocalWechatPay(
  port: number,
  keyDir: string,
  publicUrl: string,
): Promise<{ double: WechatPayDouble; settings: Record<string, string>; reused: boolean }> {
  const reused = loadOrCreateKeys(keyDir);
  const platformKeyPem =
    reused.wechatpayPrivateKeyPem ??
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const double = await startWechatPayDouble({ ...reused, wechatpayPrivateKeyPem: platformKeyPem, port });
  saveKeys(keyDir, double, platformKeyPem);
  return { double, settings: linliSettings(double, keyDir, publicUrl), reused: reused.merchantPrivateKeyPem !== undefined };
}

if (import.meta.main) {
  const port = Number(process.argv[2] ?? 7010);
  // Where WeChat Pay posts its notifications: linli's own address (its default port here).
  const { double, settings, reused } = await startLocalWechatPay(
    port,
    process.argv[3] ?? './data-dev-providers/wechatpay',
    'http://127.0.0.1:3000',
  );
  console.log(`WeChat Pay API v3 double on ${double.url}${reused ? ' (keys reused)' : ''}`);
  console.log(
    Object.entries(settings)
      .map(([name, value]) => `${name}=${value}`)
      .join('\n'),
  );
  console.log("# to pay leaders' withdrawals by 商家转账 through it too: LINLI_PAYOUT_PROVIDER=wechatpay");
}

// ---- 商家转账 (transfer to a user's WeChat balance, user-confirmation mode)

/** How long a payee has to confirm a transfer before WeChat Pay closes it and the money goes back (the documented 24 hours). */
export const TRANSFER_CONFIRM_MS = 24 * 3600_000;

export type TransferState =
  | 'ACCEPTED'
  | 'PROCESSING'
  | 'WAIT_USER_CONFIRM'
  | 'TRANSFERING'
  | 'SUCCESS'
  | 'FAIL'
  | 'CANCELING'
  | 'CANCELLED';

/** A transfer bill as the query by out_bill_no answers it, plus what the merchant sent. */
export interface WechatPayTransferBill {
  mch_id: string;
  out_bill_no: string;
  transfer_bill_no: string;
  appid: string;
  state: TransferState;
  transfer_amount: number;
  transfer_remark: string;
  fail_reason?: string;
  openid: string;
  create_time: string;
  update_time: string;
  transfer_scene_id: string;
  notify_url?: string;
  user_recv_perception?: string;
  transfer_scene_report_infos: Array<{ info_type: string; info_content: string }>;
  /** The payee's name as decrypted with the WeChat Pay private key (user_name), when given. */
  user_name_plain?: string;
  package_info: string;
}

/** What the transfer endpoints need from the double around them. */
interface TransferDeps {
  mchid: string;
  appid: string;
  publicKeyId: string;
  platformKey: KeyObject;
  now: () => number;
  failReason: () => string | null;
  checkNotifyUrl: (url: string, name: string) => void;
  notify: (n: PendingNotice) => Promise<void>;
}

const OUT_BILL_NO = /^[A-Za-z0-9]{1,32}$/;
/** The report infos (转账场景报备信息) scene 1005 (佣金报酬) must carry, each once. */
const SCENE_REPORT_TYPES: Record<string, readonly string[]> = { '1000': ['活动名称', '奖励说明'], '1005': ['岗位类型', '报酬说明'] };

/**
 * The transfer bills of 商家转账 (user-confirmation mode): `POST /v3/fund-app/mch-transfer/transfer-bills`
 * (idempotent per out_bill_no: the same bill again answers it as it is now, other details are 400
 * INVALID_REQUEST), `GET …/transfer-bills/out-bill-no/{out_bill_no}` (404 NOT_FOUND) and
 * `POST …/out-bill-no/{out_bill_no}/cancel`. A new bill waits in WAIT_USER_CONFIRM with a
 * `package_info` until the payee confirms (the page `/transfer/confirm?package=…`, standing in for
 * `requestMerchantTransfer` inside WeChat, or `confirm()`), then ends SUCCESS — or FAIL with the
 * double's `transferFailReason` — and a signed, encrypted MCHTRANSFER.BILL.FINISHED is posted to
 * its notify_url. A bill not confirmed within 24 hours ends CANCELLED (`expire()`, and lazily on
 * every transfer request); so does one the merchant cancels.
 */
function transferBillsDouble(d: TransferDeps) {
  const bills = new Map<string, WechatPayTransferBill>();
  const byPackage = new Map<string, WechatPayTransferBill>();

  const finish = (bill: WechatPayTransferBill, state: 'SUCCESS' | 'FAIL' | 'CANCELLED', failReason?: string): Promise<void> => {
    bill.state = state;
    bill.update_time = beijingTime(d.now());
    if (failReason !== undefined) bill.fail_reason = failReason;
    if (!bill.notify_url) return Promise.resolve();
    return d.notify({
      url: bill.notify_url,
      eventType: 'MCHTRANSFER.BILL.FINISHED',
      summary: '商家转账单据终态通知',
      originalType: 'mch_payment',
      resource: {
        mch_id: d.mchid,
        out_bill_no: bill.out_bill_no,
        transfer_bill_no: bill.transfer_bill_no,
        state: bill.state,
        transfer_amount: bill.transfer_amount,
        ...(bill.fail_reason !== undefined ? { fail_reason: bill.fail_reason } : {}),
        openid: bill.openid,
        create_time: bill.create_time,
        update_time: bill.update_time,
      },
      outBillNo: bill.out_bill_no,
    });
  };

  /** Closes the bills whose payee did not confirm in time; resolves when their notifications are acknowledged or given up. */
  const expire = async (): Promise<number> => {
    const due = [...bills.values()].filter(
      (b) => b.state === 'WAIT_USER_CONFIRM' && d.now() - Date.parse(b.create_time) >= TRANSFER_CONFIRM_MS,
    );
    await Promise.all(due.map((b) => finish(b, 'CANCELLED', 'TRANSFER_TIMEOUT')));
    return due.length;
  };

  const decryptName = (cipher: string, serial: string | undefined): string => {
    if (serial !== d.publicKeyId) throw paramError('加密敏感信息需在Http头Wechatpay-Serial中传入微信支付公钥ID');
    try {
      return privateDecrypt(
        { key: d.platformKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
        Buffer.from(cipher, 'base64'),
      ).toString('utf8');
    } catch {
      throw paramError('user_name 解密失败，请使用微信支付公钥加密');
    }
  };

  const create = (body: Record<string, unknown>, serial: string | undefined) => {
    const appid = str(body, 'appid', 32) as string;
    const out_bill_no = str(body, 'out_bill_no', 32) as string;
    if (!OUT_BILL_NO.test(out_bill_no)) throw paramError('out_bill_no 只能由数字、大小写字母组成');
    const transfer_scene_id = str(body, 'transfer_scene_id', 36) as string;
    const openid = str(body, 'openid', 64) as string;
    const transfer_amount = fen(body, 'transfer_amount', 'transfer_amount');
    const transfer_remark = str(body, 'transfer_remark', 32) as string;
    const notify_url = str(body, 'notify_url', 256, false);
    if (notify_url !== undefined) d.checkNotifyUrl(notify_url, 'notify_url');
    const user_recv_perception = str(body, 'user_recv_perception', 32, false);
    const user_name = str(body, 'user_name', 1024, false);
    const infos = body.transfer_scene_report_infos;
    if (!Array.isArray(infos) || infos.length === 0) throw paramError('需传入转账场景报备信息,请检查');
    const report = infos.map((i) => {
      if (typeof i !== 'object' || i === null) throw paramError('transfer_scene_report_infos 格式错误');
      const r = i as Record<string, unknown>;
      return { info_type: str(r, 'info_type', 15) as string, info_content: str(r, 'info_content', 32) as string };
    });
    const wanted = SCENE_REPORT_TYPES[transfer_scene_id];
    if (!wanted) throw new ApiError(400, 'NO_AUTH', '商户号未开通该转账场景，请前往商户平台申请');
    const types = report.map((r) => r.info_type).sort();
    if (JSON.stringify(types) !== JSON.stringify([...wanted].sort())) throw paramError('需传入转账场景报备信息,请检查');
    if (appid !== d.appid) throw new ApiError(400, 'APPID_MCHID_NOT_MATCH', 'AppID和mch_id不匹配');
    if (transfer_amount < 10) throw new ApiError(400, 'INVALID_REQUEST', '超过单笔转账上下限，核实产品设置是否准确');
    if (transfer_amount >= 200_000 && user_name === undefined) throw paramError('转账金额 >= 2,000元时，user_name 必须填写');
    const namePlain = user_name === undefined ? undefined : decryptName(user_name, serial);

    const existing = bills.get(out_bill_no);
    if (existing) {
      if (
        existing.transfer_amount !== transfer_amount ||
        existing.openid !== openid ||
        existing.transfer_scene_id !== transfer_scene_id ||
        existing.transfer_remark !== transfer_remark
      )
        throw new ApiError(400, 'INVALID_REQUEST', '单号已存在但信息不一致，请查单后比较确认');
      return existing;
    }
    const created = beijingTime(d.now());
    const bill: WechatPayTransferBill = {
      mch_id: d.mchid,
      out_bill_no,
      transfer_bill_no: `1330000${digits(33)}`,
      appid,
      state: 'WAIT_USER_CONFIRM',
      transfer_amount,
      transfer_remark,
      openid,
      create_time: created,
      update_time: created,
      transfer_scene_id,
      ...(notify_url !== undefined ? { notify_url } : {}),
      ...(user_recv_perception !== undefined ? { user_recv_perception } : {}),
      transfer_scene_report_infos: report,
      ...(namePlain !== undefined ? { user_name_plain: namePlain } : {}),
      package_info: randomBytes(48).toString('base64'),
    };
    bills.set(out_bill_no, bill);
    byPackage.set(bill.package_info, bill);
    return bill;
  };

  const answerOf = (b: WechatPayTransferBill) => ({
    out_bill_no: b.out_bill_no,
    transfer_bill_no: b.transfer_bill_no,
    create_time: b.create_time,
    state: b.state,
    ...(b.state === 'WAIT_USER_CONFIRM' ? { package_info: b.package_info } : {}),
    ...(b.fail_reason !== undefined ? { fail_reason: b.fail_reason } : {}),
  });

  const queryOf = (b: WechatPayTransferBill) => ({
    mch_id: b.mch_id,
    out_bill_no: b.out_bill_no,
    transfer_bill_no: b.transfer_bill_no,
    appid: b.appid,
    state: b.state,
    transfer_amount: b.transfer_amount,
    transfer_remark: b.transfer_remark,
    ...(b.fail_reason !== undefined ? { fail_reason: b.fail_reason } : {}),
    openid: b.openid,
    create_time: b.create_time,
    update_time: b.update_time,
  });

  /**
   * The transfer API: an answer `[status, body]` when the request is one of its endpoints, undefined otherwise.
   * Bills past their confirmation time are closed first, as WeChat Pay would have by then.
   */
  const api = async (
    method: string,
    path: string,
    body: Record<string, unknown>,
    serial: string | undefined,
  ): Promise<[number, unknown] | undefined> => {
    if (!path.startsWith('/v3/fund-app/mch-transfer/transfer-bills')) return undefined;
    await expire();
    if (method === 'POST' && path === '/v3/fund-app/mch-transfer/transfer-bills') return [200, answerOf(create(body, serial))];
    const m = /^\/v3\/fund-app\/mch-transfer\/transfer-bills\/out-bill-no\/([^/]+)(\/cancel)?$/.exec(path);
    if (!m) return undefined;
    const bill = bills.get(decodeURIComponent(m[1] ?? ''));
    if (method === 'GET' && !m[2]) {
      if (!bill) throw new ApiError(404, 'NOT_FOUND', '记录不存在');
      return [200, queryOf(bill)];
    }
    if (method === 'POST' && m[2]) {
      if (!bill) throw new ApiError(404, 'NOT_FOUND', '记录不存在');
      if (bill.state !== 'ACCEPTED' && bill.state !== 'PROCESSING' && bill.state !== 'WAIT_USER_CONFIRM' && bill.state !== 'CANCELLED')
        throw new ApiError(400, 'INVALID_REQUEST', `单据状态为${bill.state}，不可撤销`);
      if (bill.state !== 'CANCELLED') void finish(bill, 'CANCELLED');
      return [
        200,
        { out_bill_no: bill.out_bill_no, transfer_bill_no: bill.transfer_bill_no, state: bill.state, update_time: bill.update_time },
      ];
    }
    return undefined;
  };

  /** The payee confirms in WeChat: the bill ends SUCCESS (or FAIL with the double's failure reason) and its notification is sent. */
  const confirm = async (packageInfo: string, opts: { openid?: string } = {}): Promise<WechatPayTransferBill> => {
    await expire();
    const bill = byPackage.get(packageInfo);
    if (!bill) throw new Error('no transfer with this package');
    if (bill.state !== 'WAIT_USER_CONFIRM') throw new Error(`transfer ${bill.out_bill_no} is ${bill.state}`);
    if (opts.openid !== undefined && opts.openid !== bill.openid) throw new Error('the confirming user is not the payee');
    bill.state = 'TRANSFERING';
    const reason = d.failReason();
    await finish(bill, reason ? 'FAIL' : 'SUCCESS', reason ?? undefined);
    return bill;
  };

  /** The confirmation page (`GET /transfer/confirm?package=…`, `POST` to confirm), as the payee sees it inside WeChat. */
  const page = async (method: string, url: URL, form: URLSearchParams): Promise<[number, string]> => {
    const pkg = method === 'POST' ? (form.get('package') ?? '') : (url.searchParams.get('package') ?? '');
    await expire();
    const bill = byPackage.get(pkg);
    if (!bill) return [404, '<p>转账单不存在</p>'];
    if (method === 'GET') {
      if (bill.state !== 'WAIT_USER_CONFIRM') return [200, `<p id="transfer-state">${bill.state}</p>`];
      return [
        200,
        `<main><h1>确认收款</h1><p class="remark">${escapeHtml(bill.transfer_remark)}</p><p class="amount">¥${(bill.transfer_amount / 100).toFixed(2)}</p>` +
          `<form method="post" action="/transfer/confirm"><input type="hidden" name="package" value="${escapeHtml(pkg)}">` +
          `<button id="confirm-transfer" type="submit">确认收款</button></form></main>`,
      ];
    }
    if (method === 'POST') {
      if (bill.state !== 'WAIT_USER_CONFIRM') return [409, `<p id="transfer-state">${bill.state}</p>`];
      const done = await confirm(pkg);
      return [200, `<p id="transfer-state">${done.state}</p>`];
    }
    return [405, '<p>不支持的请求</p>'];
  };

  return { bills, api, confirm, expire, page };
}
