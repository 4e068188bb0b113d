import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

/**
 * A stand-in for Tencent Cloud SMS (腾讯云短信) `SendSms`, API 2021-01-11, written from the
 * published protocol (TencentCloud API 3.0, TC3-HMAC-SHA256), not from linli's client.
 *
 * Requests: `POST /` with a JSON body, `X-TC-Action: SendSms`, `X-TC-Version: 2021-01-11`,
 * `X-TC-Timestamp` (Unix seconds, within 5 minutes of `now()`), `X-TC-Region` and
 * `Authorization: TC3-HMAC-SHA256 Credential=<SecretId>/<date>/sms/tc3_request,
 * SignedHeaders=content-type;host, Signature=<hex>`: HMAC-SHA256, with the key derived from
 * `TC3<SecretKey>` over the UTC date, `sms` and `tc3_request`, of the string
 * `TC3-HMAC-SHA256\n<timestamp>\n<scope>\n<sha256 hex of the canonical request>` (POST, `/`, an
 * empty query, the signed headers lower-cased, their names, the body's sha256 hex). Every answer is
 * HTTP 200: `{ Response: { SendStatusSet: [{ SerialNo, PhoneNumber, Fee, SessionContext, Code: 'Ok',
 * Message, IsoCode }], RequestId } }`, a number refused inside SendStatusSet (its Code, e.g.
 * InvalidParameterValue.IncorrectPhoneNumber or LimitExceeded.PhoneNumberDailyLimit), or a refused
 * request as `{ Response: { Error: { Code, Message }, RequestId } }` (AuthFailure.SignatureFailure,
 * AuthFailure.SecretIdNotFound, AuthFailure.SignatureExpire, InvalidAction, FailedOperation.*).
 *
 * Delivery receipts: `pushStatus(url)` posts the messages not yet reported as Tencent's status
 * callback does: a JSON array of `{ user_receive_time, nationcode, mobile, report_status:
 * 'SUCCESS' | 'FAIL', errmsg, description, sid }`, and expects `{ result: 0, errmsg: 'OK' }`.
 */
export interface TencentSmsDouble {
  url: string;
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signNames: Set<string>;
  /** Approved templates: id → how many positional parameters it takes. */
  templates: Map<string, number>;
  sent: TencentSentMessage[];
  requests: Array<{ action: string; code: string }>;
  /**
   * The next `count` SendSms calls are refused with `code`: a number's codes (LimitExceeded.*,
   * InvalidParameterValue.IncorrectPhoneNumber, FailedOperation.PhoneNumberInBlacklist) inside
   * SendStatusSet, others as the request's Error.
   */
  failNext(count: number, code: string, message?: string): void;
  lastCode(phone: string): string | undefined;
  pushStatus(
    url: string,
    opts?: { fail?: Record<string, { errmsg: string; description: string }> },
  ): Promise<{ status: number; body: unknown }>;
  now: () => number;
  close(): Promise<void>;
}

export interface TencentSentMessage {
  serialNo: string;
  /** E.164, e.g. +8613800000000. */
  phone: string;
  signName: string;
  templateId: string;
  params: string[];
  sessionContext: string;
  sentAt: number;
  reported: boolean;
}

export interface TencentSmsDoubleOptions {
  port?: number;
  secretId?: string;
  secretKey?: string;
  sdkAppId?: string;
  signNames?: string[];
  templates?: Record<string, number>;
  now?: () => number;
}

const NUMBER_CODES = /^(LimitExceeded\.|InvalidParameterValue\.IncorrectPhoneNumber$|FailedOperation\.PhoneNumberInBlacklist$)/;

export async function startTencentSmsDouble(options: TencentSmsDoubleOptions = {}): Promise<TencentSmsDouble> {
  const secretId = options.secretId ?? `AKID${randomBytes(16).toString('hex')}`;
  const secretKey = options.secretKey ?? randomBytes(16).toString('hex');
  const now = options.now ?? Date.now;
  const faults: Array<{ code: string; message: string }> = [];
  const double: TencentSmsDouble = {
    url: '',
    secretId,
    secretKey,
    sdkAppId: options.sdkAppId ?? '1400000001',
    signNames: new Set(options.signNames ?? ['邻里优选']),
    templates: new Map(Object.entries(options.templates ?? { '1000001': 1 })),
    sent: [],
    requests: [],
    failNext(count, code, message = `injected ${code}`) {
      for (let i = 0; i < count; i++) faults.push({ code, message });
    },
    lastCode(phone) {
      return double.sent.filter((m) => m.phone === `+86${phone}` || m.phone === phone).at(-1)?.params[0];
    },
    async pushStatus(url, opts = {}) {
      const due = double.sent.filter((m) => !m.reported);
      const statuses = due.map((m) => {
        const mobile = m.phone.replace(/^\+86/, '');
        const failure = opts.fail?.[mobile];
        return {
          user_receive_time: beijing(now()),
          nationcode: '86',
          mobile,
          report_status: failure ? 'FAIL' : 'SUCCESS',
          errmsg: failure ? failure.errmsg : 'DELIVRD',
          description: failure ? failure.description : '用户短信送达成功',
          sid: m.serialNo,
        };
      });
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(statuses) });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {}
      if (res.ok && (body as { result?: number })?.result === 0) for (const m of due) m.reported = true;
      return { status: res.status, body };
    },
    now,
    close: () => new Promise((done) => server.close(() => done())),
  };

  const reply = (res: ServerResponse, action: string, code: string, response: Record<string, unknown>) => {
    double.requests.push({ action, code });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ Response: { ...response, RequestId: randomUUID() } }));
  };
  const error = (res: ServerResponse, action: string, code: string, message: string) =>
    reply(res, action, code, { Error: { Code: code, Message: message } });

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const action = String(req.headers['x-tc-action'] ?? '');
    const auth =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
        String(req.headers.authorization ?? ''),
      );
    if (!auth) return error(res, action, 'AuthFailure.InvalidAuthorization', 'Authorization is not of the TC3-HMAC-SHA256 form.');
    const [, id, date, service, signedList, signature] = auth as unknown as [string, string, string, string, string, string];
    if (id !== secretId) return error(res, action, 'AuthFailure.SecretIdNotFound', 'The SecretId is not found.');
    const timestamp = Number(req.headers['x-tc-timestamp']);
    if (!Number.isInteger(timestamp) || Math.abs(now() / 1000 - timestamp) > 300) {
      return error(res, action, 'AuthFailure.SignatureExpire', 'Signature expired: the timestamp is more than 5 minutes off.');
    }
    const signed = signedList.split(';');
    if (!signed.includes('content-type') || !signed.includes('host') || service !== 'sms') {
      return error(
        res,
        action,
        'AuthFailure.SignatureFailure',
        'The signed headers must include content-type and host; the service is sms.',
      );
    }
    const canonical = [
      'POST',
      '/',
      '',
      signed
        .map(
          (h) =>
            `${h}:${String(req.headers[h] ?? '')
              .trim()
              .toLowerCase()}\n`,
        )
        .join(''),
      signedList,
      createHash('sha256').update(body).digest('hex'),
    ].join('\n');
    const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
    const scope = `${date}/${service}/tc3_request`;
    const key = hmac(hmac(hmac(`TC3${secretKey}`, new Date(timestamp * 1000).toISOString().slice(0, 10)), service), 'tc3_request');
    const want = hmac(key, `TC3-HMAC-SHA256\n${timestamp}\n${scope}\n${createHash('sha256').update(canonical).digest('hex')}`);
    if (!timingSafeEqual(want, Buffer.from(signature, 'hex'))) {
      return error(
        res,
        action,
        'AuthFailure.SignatureFailure',
        'The provided credentials could not be validated. Please check your signature is correct.',
      );
    }
    if (action !== 'SendSms') return error(res, action, 'InvalidAction', `The action ${action} does not exist.`);
    if (req.headers['x-tc-version'] !== '2021-01-11') return error(res, action, 'NoSuchVersion', 'The API version does not exist.');
    let p: {
      PhoneNumberSet?: string[];
      SmsSdkAppId?: string;
      SignName?: string;
      TemplateId?: string;
      TemplateParamSet?: string[];
      SessionContext?: string;
    };
    try {
      p = JSON.parse(body.toString('utf8'));
    } catch {
      return error(res, action, 'InvalidParameter', 'The body is not JSON.');
    }
    if (!p.PhoneNumberSet?.length || !p.SmsSdkAppId || !p.TemplateId)
      return error(res, action, 'MissingParameter', 'PhoneNumberSet, SmsSdkAppId and TemplateId are required.');
    if (p.SmsSdkAppId !== double.sdkAppId)
      return error(res, action, 'UnauthorizedOperation.SmsSdkAppIdVerifyFail', 'SmsSdkAppId verification failed.');
    const fault = faults.shift();
    if (fault && !NUMBER_CODES.test(fault.code)) return error(res, action, fault.code, fault.message);
    if (!p.SignName || !double.signNames.has(p.SignName))
      return error(res, action, 'FailedOperation.SignatureIncorrectOrUnapproved', 'The signature is not approved or does not exist.');
    const count = double.templates.get(p.TemplateId);
    if (count === undefined)
      return error(res, action, 'FailedOperation.TemplateIncorrectOrUnapproved', 'The template is not approved or does not exist.');
    const params = p.TemplateParamSet ?? [];
    if (params.length !== count)
      return error(res, action, 'FailedOperation.TemplateParamSetNotMatchApprovedTemplate', 'The parameters do not match the template.');
    const statuses = p.PhoneNumberSet.map((phone) => {
      const base = { SerialNo: '', PhoneNumber: phone, Fee: 0, SessionContext: p.SessionContext ?? '', IsoCode: 'CN' };
      if (fault) return { ...base, Code: fault.code, Message: fault.message };
      if (!/^\+861\d{10}$/.test(phone))
        return { ...base, Code: 'InvalidParameterValue.IncorrectPhoneNumber', Message: 'incorrect number format', IsoCode: 'DEF' };
      const serialNo = `2640:${randomBytes(10).toString('hex')}`;
      double.sent.push({
        serialNo,
        phone,
        signName: p.SignName as string,
        templateId: p.TemplateId as string,
        params,
        sessionContext: p.SessionContext ?? '',
        sentAt: now(),
        reported: false,
      });
      return { ...base, SerialNo: serialNo, Fee: 1, Code: 'Ok', Message: 'send success' };
    });
    return reply(res, action, statuses[0]?.Code ?? 'Ok', { SendStatusSet: statuses });
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

function beijing(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** The settings that point linli at the double. */
export function tencentSmsSettings(d: TencentSmsDouble): Record<string, string> {
  return {
    LINLI_SMS_PROVIDER: 'tencent',
    LINLI_SMS_ACCESS_KEY_ID: d.secretId,
    LINLI_SMS_ACCESS_KEY_SECRET: d.secretKey,
    LINLI_SMS_SDK_APP_ID: d.sdkAppId,
    LINLI_SMS_BASE_URL: d.url,
    LINLI_SMS_SIGN_NAME: [...d.signNames][0] ?? '',
    LINLI_SMS_TEMPLATE_LOGIN_CODE: [...d.templates.keys()][0] ?? '',
  };
}

if (import.meta.main) {
  const port = Number(process.argv[2] ?? 7030);
  const keyFile = resolve(process.argv[3] ?? './data-dev-providers/tencent-sms/double.json');
  const keys = existsSync(keyFile) ? (JSON.parse(readFileSync(keyFile, 'utf8')) as TencentSmsDoubleOptions) : {};
  const double = await startTencentSmsDouble({ ...keys, port });
  mkdirSync(join(keyFile, '..'), { recursive: true });
  writeFileSync(keyFile, JSON.stringify({ secretId: double.secretId, secretKey: double.secretKey }), { mode: 0o600 });
  console.log(`Tencent Cloud SMS double on ${double.url} (sign name 邻里优选, template 1000001 with one parameter)`);
  console.log(
    Object.entries(tencentSmsSettings(double))
      .map(([name, value]) => `${name}=${value}`)
      .join('\n'),
  );
}
