import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

/**
 * A stand-in for Aliyun SMS (阿里云短信服务, Dysmsapi 2017-05-25) `SendSms`, written from the
 * published protocol (OpenAPI V3 signature, RPC style), not from linli's client.
 *
 * Requests: `POST /?<parameters>` (or form-encoded in the body) with `x-acs-action: SendSms`,
 * `x-acs-version: 2017-05-25`, `x-acs-date` (UTC, within 15 minutes of `now()`),
 * `x-acs-signature-nonce` (never twice), `x-acs-content-sha256` (the body's sha256 hex) and
 * `Authorization: ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<names>,Signature=<hex>`,
 * the HMAC-SHA256 with the AccessKey secret of `ACS3-HMAC-SHA256\n` + sha256 hex of the canonical
 * request (method, path, the query sorted and RFC 3986-encoded, `name:value\n` per signed header,
 * the signed names, the payload hash). Gateway errors answer `{ RequestId, HostId, Code, Message,
 * Recommend }` with a 4xx (IncompleteSignature, SignatureDoesNotMatch, SignatureNonceUsed,
 * InvalidTimeStamp.Expired, InvalidAccessKeyId.NotFound, InvalidAction.NotFound,
 * InvalidVersion, MissingParameter); SendSms itself answers 200 `{ RequestId, Code, Message,
 * BizId }`, Code `OK` or its refusal (isv.SMS_SIGNATURE_ILLEGAL, isv.SMS_TEMPLATE_ILLEGAL,
 * isv.TEMPLATE_MISSING_PARAMETERS, isv.MOBILE_NUMBER_ILLEGAL, or what `failNext` injects).
 *
 * Delivery receipts: `pushReports(url)` posts the messages not yet reported as Aliyun's HTTP batch
 * push of SmsReport does: a JSON array of `{ phone_number, send_time, report_time, success,
 * err_code, err_msg, sms_size, biz_id, out_id }` (times in Beijing time, "yyyy-MM-dd HH:mm:ss"),
 * and expects `{ code: 0, msg: '成功' }`.
 */
export interface AliyunSmsDouble {
  url: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** Approved sign names and templates (template code → its parameter names). */
  signNames: Set<string>;
  templates: Map<string, string[]>;
  /** Every message accepted, oldest first: what reached the phone. */
  sent: AliyunSentMessage[];
  /** Every request with the Code it was answered. */
  requests: Array<{ action: string; status: number; code: string }>;
  /** The next `count` SendSms calls are refused with `code` (after the signature was checked). */
  failNext(count: number, code: string, message?: string): void;
  /** The last code sent to a phone (a login code's `code` parameter). */
  lastCode(phone: string): string | undefined;
  /** Posts delivery reports of the messages not yet reported; `fail` marks those phones undelivered. */
  pushReports(url: string, opts?: { fail?: Record<string, { code: string; msg: string }> }): Promise<{ status: number; body: unknown }>;
  now: () => number;
  close(): Promise<void>;
}

export interface AliyunSentMessage {
  bizId: string;
  outId: string | undefined;
  phone: string;
  signName: string;
  templateCode: string;
  params: Record<string, string>;
  sentAt: number;
  reported: boolean;
}

export interface AliyunSmsDoubleOptions {
  port?: number;
  accessKeyId?: string;
  accessKeySecret?: string;
  signNames?: string[];
  templates?: Record<string, string[]>;
  now?: () => number;
}

const HOST_ID = 'dysmsapi.aliyuncs.com';

export async function startAliyunSmsDouble(options: AliyunSmsDoubleOptions = {}): Promise<AliyunSmsDouble> {
  const accessKeyId = options.accessKeyId ?? `LTAI${randomBytes(10).toString('hex')}`;
  const accessKeySecret = options.accessKeySecret ?? randomBytes(15).toString('base64url');
  const now = options.now ?? Date.now;
  const nonces = new Set<string>();
  const faults: Array<{ code: string; message: string }> = [];
  const double: AliyunSmsDouble = {
    url: '',
    accessKeyId,
    accessKeySecret,
    signNames: new Set(options.signNames ?? ['邻里优选']),
    templates: new Map(Object.entries(options.templates ?? { SMS_100000001: ['code'] })),
    sent: [],
    requests: [],
    failNext(count, code, message = `injected ${code}`) {
      for (let i = 0; i < count; i++) faults.push({ code, message });
    },
    lastCode(phone) {
      return double.sent.filter((m) => m.phone === phone && m.params.code).at(-1)?.params.code;
    },
    async pushReports(url, opts = {}) {
      const due = double.sent.filter((m) => !m.reported);
      const report = due.map((m) => {
        const failure = opts.fail?.[m.phone];
        return {
          phone_number: m.phone,
          send_time: beijing(m.sentAt),
          report_time: beijing(now()),
          success: !failure,
          err_code: failure ? failure.code : 'DELIVERED',
          err_msg: failure ? failure.msg : '用户接收成功',
          sms_size: '1',
          biz_id: m.bizId,
          out_id: m.outId ?? '',
        };
      });
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(report) });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {}
      if (res.ok && (body as { code?: number })?.code === 0) for (const m of due) m.reported = true;
      return { status: res.status, body };
    },
    now,
    close: () => new Promise((done) => server.close(() => done())),
  };

  const answer = (res: ServerResponse, status: number, body: Record<string, unknown>, action: string) => {
    double.requests.push({ action, status, code: String(body.Code) });
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const gatewayError = (res: ServerResponse, status: number, code: string, message: string, action: string) =>
    answer(
      res,
      status,
      {
        RequestId: randomUUID().toUpperCase(),
        HostId: HOST_ID,
        Code: code,
        Message: message,
        Recommend: `https://api.aliyun.com/troubleshoot?q=${code}`,
      },
      action,
    );

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://double');
    const action = String(req.headers['x-acs-action'] ?? '');
    const auth = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(
      String(req.headers.authorization ?? ''),
    );
    if (!auth) return gatewayError(res, 400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.', action);
    const [, keyId, signedList, signature] = auth as unknown as [string, string, string, string];
    const signed = signedList.split(';');
    const required = ['host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version'];
    if (required.some((h) => !signed.includes(h) || req.headers[h] === undefined)) {
      return gatewayError(res, 400, 'IncompleteSignature', `The signed headers must include ${required.join(';')}.`, action);
    }
    if (keyId !== accessKeyId) return gatewayError(res, 404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.', action);
    const payloadHash = createHash('sha256').update(body).digest('hex');
    if (req.headers['x-acs-content-sha256'] !== payloadHash)
      return gatewayError(res, 400, 'SignatureDoesNotMatch', 'x-acs-content-sha256 is not the body hash.', action);
    // The query as sent, decoded then encoded again the canonical way (RFC 3986, sorted).
    const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const pairs = [...url.searchParams.entries()].map(([k, v]) => `${enc(k)}=${enc(v)}`).sort();
    const canonical = [
      req.method,
      url.pathname,
      pairs.join('&'),
      signed.map((h) => `${h}:${String(req.headers[h]).trim()}\n`).join(''),
      signedList,
      payloadHash,
    ].join('\n');
    const want = createHmac('sha256', accessKeySecret)
      .update(`ACS3-HMAC-SHA256\n${createHash('sha256').update(canonical).digest('hex')}`)
      .digest();
    if (!timingSafeEqual(want, Buffer.from(signature, 'hex'))) {
      return gatewayError(res, 400, 'SignatureDoesNotMatch', 'Specified signature does not match our calculation.', action);
    }
    const date = Date.parse(String(req.headers['x-acs-date']));
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(String(req.headers['x-acs-date'])) || Math.abs(now() - date) > 15 * 60_000) {
      return gatewayError(res, 400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.', action);
    }
    const nonce = String(req.headers['x-acs-signature-nonce']);
    if (nonces.has(nonce)) return gatewayError(res, 400, 'SignatureNonceUsed', 'Specified signature nonce was used already.', action);
    nonces.add(nonce);
    if (action !== 'SendSms') return gatewayError(res, 404, 'InvalidAction.NotFound', `Specified api is not found: ${action}.`, action);
    if (req.headers['x-acs-version'] !== '2017-05-25')
      return gatewayError(res, 400, 'InvalidVersion', 'Specified parameter Version is not valid.', action);

    const p = Object.fromEntries(url.searchParams);
    if (body.length > 0 && String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
      Object.assign(p, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
    }
    for (const name of ['PhoneNumbers', 'SignName', 'TemplateCode']) {
      if (!p[name]) return gatewayError(res, 400, 'MissingParameter', `${name} is mandatory for this action.`, action);
    }
    const ok = (code: string, message: string, bizId?: string) =>
      answer(res, 200, { RequestId: randomUUID().toUpperCase(), Code: code, Message: message, ...(bizId ? { BizId: bizId } : {}) }, action);
    const fault = faults.shift();
    if (fault) return ok(fault.code, fault.message);
    if (!double.signNames.has(p.SignName as string)) return ok('isv.SMS_SIGNATURE_ILLEGAL', '该账号下找不到对应签名');
    const names = double.templates.get(p.TemplateCode as string);
    if (!names) return ok('isv.SMS_TEMPLATE_ILLEGAL', '该账号下找不到对应模板');
    let params: Record<string, string> = {};
    try {
      params = p.TemplateParam ? (JSON.parse(p.TemplateParam) as Record<string, string>) : {};
    } catch {
      return ok('isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
    }
    if (names.some((n) => typeof params[n] !== 'string' || params[n] === '')) return ok('isv.TEMPLATE_MISSING_PARAMETERS', '模板缺少变量');
    if (!/^1\d{10}$/.test(p.PhoneNumbers as string)) return ok('isv.MOBILE_NUMBER_ILLEGAL', '非法手机号');
    const bizId = `${Math.floor(now() / 1000)}${randomBytes(6).toString('hex')}^0`;
    double.sent.push({
      bizId,
      outId: p.OutId,
      phone: p.PhoneNumbers as string,
      signName: p.SignName as string,
      templateCode: p.TemplateCode as string,
      params,
      sentAt: now(),
      reported: false,
    });
    return ok('OK', 'OK', bizId);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done));
  double.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return double;
}

/** "yyyy-MM-dd HH:mm:ss" in Beijing time, as the reports carry times. */
function beijing(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** The settings that point linli at the double (the secret as a variable; a file works too). */
export function aliyunSmsSettings(d: AliyunSmsDouble): Record<string, string> {
  return {
    LINLI_SMS_PROVIDER: 'aliyun',
    LINLI_SMS_ACCESS_KEY_ID: d.accessKeyId,
    LINLI_SMS_ACCESS_KEY_SECRET: d.accessKeySecret,
    LINLI_SMS_BASE_URL: d.url,
    LINLI_SMS_SIGN_NAME: [...d.signNames][0] ?? '',
    LINLI_SMS_TEMPLATE_LOGIN_CODE: [...d.templates.keys()][0] ?? '',
  };
}

if (import.meta.main) {
  const port = Number(process.argv[2] ?? 7020);
  const keyFile = resolve(process.argv[3] ?? './data-dev-providers/aliyun-sms/double.json');
  const keys = existsSync(keyFile) ? (JSON.parse(readFileSync(keyFile, 'utf8')) as AliyunSmsDoubleOptions) : {};
  const double = await startAliyunSmsDouble({ ...keys, port });
  mkdirSync(join(keyFile, '..'), { recursive: true });
  writeFileSync(keyFile, JSON.stringify({ accessKeyId: double.accessKeyId, accessKeySecret: double.accessKeySecret }), { mode: 0o600 });
  console.log(`Aliyun SMS double on ${double.url} (sign name 邻里优选, template SMS_100000001 with {code})`);
  console.log(
    Object.entries(aliyunSmsSettings(double))
      .map(([name, value]) => `${name}=${value}`)
      .join('\n'),
  );
}
