import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliyunSmsSettings, startAliyunSmsDouble } from '../src/dev/aliyun-sms-double.ts';
import { tencentSmsSettings, startTencentSmsDouble } from '../src/dev/tencent-sms-double.ts';
import { freePort } from '../src/dev/wechatpay-double.ts';
import { sendSms } from '../src/modules/identity/index.ts';
import { MINUTE } from '../src/platform/clock.ts';
import { createOperator, createStaff, nextPhone } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

/** What the tests need of a vendor's double, so both vendors run the same journeys. */
interface Vendor {
  name: 'aliyun' | 'tencent';
  start(now: () => number): Promise<{
    env: Record<string, string>;
    lastCode(phone: string): string | undefined;
    sentCount(): number;
    /** The vendor message id of the last message sent. */
    lastId(): string;
    failNext(code: string): void;
    push(url: string, failPhone?: string): Promise<{ status: number; body: unknown }>;
    /** Adds an approved template of the goods_arrived kind and answers its code. */
    approveArrivalTemplate(): string;
    close(): Promise<void>;
  }>;
  limitCode: string;
  badNumberCode: string;
  failureCode: string;
  receiptOk: unknown;
  /** The template code format the admin API takes for this vendor. */
  foreignCode: string;
}

const vendors: Vendor[] = [
  {
    name: 'aliyun',
    async start(now) {
      const d = await startAliyunSmsDouble({ now });
      return {
        env: aliyunSmsSettings(d),
        lastCode: (phone) => d.lastCode(phone),
        sentCount: () => d.sent.length,
        lastId: () => d.sent.at(-1)?.bizId as string,
        failNext: (code) => d.failNext(1, code),
        push: (url, failPhone) => d.pushReports(url, failPhone ? { fail: { [failPhone]: { code: 'MK:0001', msg: '用户关机' } } } : {}),
        approveArrivalTemplate() {
          d.templates.set('SMS_200000002', ['point', 'code', 'hours']);
          return 'SMS_200000002';
        },
        close: () => d.close(),
      };
    },
    limitCode: 'isv.BUSINESS_LIMIT_CONTROL',
    badNumberCode: 'isv.MOBILE_NUMBER_ILLEGAL',
    failureCode: 'isv.AMOUNT_NOT_ENOUGH',
    receiptOk: { code: 0, msg: '成功' },
    foreignCode: '1234567',
  },
  {
    name: 'tencent',
    async start(now) {
      const d = await startTencentSmsDouble({ now });
      return {
        env: tencentSmsSettings(d),
        lastCode: (phone) => d.lastCode(phone),
        sentCount: () => d.sent.length,
        lastId: () => d.sent.at(-1)?.serialNo as string,
        failNext: (code) => d.failNext(1, code),
        push: (url, failPhone) =>
          d.pushStatus(url, failPhone ? { fail: { [failPhone]: { errmsg: 'MK:0001', description: '用户关机' } } } : {}),
        approveArrivalTemplate() {
          d.templates.set('2000002', 3);
          return '2000002';
        },
        close: () => d.close(),
      };
    },
    limitCode: 'LimitExceeded.PhoneNumberDailyLimit',
    badNumberCode: 'InvalidParameterValue.IncorrectPhoneNumber',
    failureCode: 'FailedOperation.InsufficientBalanceInSmsPackage',
    receiptOk: { result: 0, errmsg: 'OK' },
    foreignCode: 'SMS_1234567',
  },
];

describe.each(vendors)('SMS through $name', (vendor) => {
  let t: TestApp;
  let double: Awaited<ReturnType<Vendor['start']>>;
  let operatorId: string;
  let admin: string;
  let base: string;
  let receiptPath: string;

  const askCode = (phone: string) => t.request('POST', '/api/v1/auth/sms-codes', { body: { phone } });
  const logRow = (id: string) => t.ctx.db.selectFrom('sms_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const lastRow = () =>
    t.ctx.db.selectFrom('sms_messages').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();

  async function login(phone: string, as: 'staff' | 'resident'): Promise<string> {
    const sent = await askCode(phone);
    expect(sent.status).toBe(202);
    expect(sent.body.devCode).toBeUndefined();
    const code = double.lastCode(phone);
    expect(code).toMatch(/^\d{6}$/);
    const res = await t.request('POST', '/api/v1/auth/sessions', { body: { operator: 'test-op', phone, code, as } });
    expect(res.status).toBe(201);
    return res.body.token;
  }

  beforeAll(async () => {
    // The double's clock follows the app's (set once the app exists): signatures are checked against it.
    let now = () => Date.now();
    double = await vendor.start(() => now());
    t = await startTestApp(undefined, { env: double.env });
    now = () => t.clock.now().getTime();
    operatorId = await createOperator(t.ctx);
    admin = await login((await createStaff(t.ctx, operatorId, ['admin'])).phone, 'staff');
    const port = await freePort();
    await t.app.server.listen({ port, host: '127.0.0.1' });
    base = `http://127.0.0.1:${port}`;
    receiptPath = (await t.request('GET', '/api/v1/admin/sms/settings', { token: admin })).body.receiptPath;
  });
  afterAll(async () => {
    await t.close();
    await double.close();
  });

  it('logs a resident in with the code the vendor delivered, and keeps no code in the log', async () => {
    const phone = nextPhone();
    const before = double.sentCount();
    const token = await login(phone, 'resident');
    expect(token).toBeTruthy();
    expect(double.sentCount()).toBe(before + 1);
    const row = await lastRow();
    expect(row).toMatchObject({
      kind: 'login_code',
      phone,
      provider: vendor.name,
      status: 'sent',
      provider_message_id: double.lastId(),
      params: null,
    });
    // Asked for before an operator was known, the code is the operator's once the resident logged in to it.
    expect(row.operator_id).toBe(operatorId);
  });

  it("maps the vendor's limit to RATE_LIMITED, a refused number to SMS_PHONE_REJECTED and its own failure to 502, and logs each", async () => {
    for (const [code, status, linli] of [
      [vendor.limitCode, 429, 'RATE_LIMITED'],
      [vendor.badNumberCode, 400, 'SMS_PHONE_REJECTED'],
      [vendor.failureCode, 502, 'SMS_PROVIDER_FAILED'],
    ] as const) {
      const phone = nextPhone();
      double.failNext(code);
      const res = await askCode(phone);
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(linli);
      expect(await lastRow()).toMatchObject({ phone, status: 'failed', error_code: code });
      // No code went out, so none is kept: the resident may ask again at once.
      const codes = await t.ctx.db.selectFrom('sms_codes').select('id').where('phone', '=', phone).execute();
      expect(codes).toEqual([]);
      expect((await askCode(phone)).status).toBe(202);
    }
  });

  it('records a notice that cannot go out (no template, then a vendor failure) without throwing, and sends it once the admin sets a template', async () => {
    const phone = nextPhone();
    const notice = { operatorId, phone, kind: 'goods_arrived' as const, params: { point: '幸福里', code: '123456', hours: '20' } };
    const missing = await sendSms(t.ctx, notice);
    expect(missing).toMatchObject({ status: 'failed', errorCode: 'SMS_TEMPLATE_MISSING' });
    expect(await logRow(missing.id)).toMatchObject({ status: 'failed', error_code: 'SMS_TEMPLATE_MISSING', params: notice.params });

    const settings0 = await t.request('GET', '/api/v1/admin/sms/settings', { token: admin });
    expect(settings0.body.kinds.find((k: { kind: string }) => k.kind === 'goods_arrived').effective).toBe('none');
    expect(settings0.body.kinds.find((k: { kind: string }) => k.kind === 'login_code').effective).toBe('installation');

    const templateCode = double.approveArrivalTemplate();
    const wrong = await t.request('PUT', '/api/v1/admin/sms/templates/goods_arrived', {
      token: admin,
      body: { templateCode: vendor.foreignCode },
    });
    expect(wrong.status).toBe(400);
    const badParam = await t.request('PUT', '/api/v1/admin/sms/templates/goods_arrived', {
      token: admin,
      body: { templateCode, paramNames: ['amount'] },
    });
    expect(badParam.status).toBe(400);
    const set = await t.request('PUT', '/api/v1/admin/sms/templates/goods_arrived', {
      token: admin,
      body: { templateCode, paramNames: ['point', 'code', 'hours'] },
    });
    expect(set.status).toBe(200);
    expect(set.body.kinds.find((k: { kind: string }) => k.kind === 'goods_arrived')).toMatchObject({
      effective: 'operator',
      operator: { templateCode },
    });

    const sent = await sendSms(t.ctx, notice);
    expect(sent.status).toBe('sent');
    expect(await logRow(sent.id)).toMatchObject({ status: 'sent', provider_message_id: double.lastId() });

    double.failNext(vendor.failureCode);
    const failed = await sendSms(t.ctx, notice);
    expect(failed).toMatchObject({ status: 'failed', errorCode: vendor.failureCode });

    const list = await t.request('GET', '/api/v1/admin/sms/messages?status=failed', { token: admin });
    expect(list.status).toBe(200);
    expect(list.body.items.map((m: { id: string }) => m.id)).toEqual([failed.id, missing.id]);
    expect(list.body.items[0].phone).not.toBe(phone);
  });

  it('refuses receipts with a wrong token and changes nothing, then applies the real ones', async () => {
    const delivered = nextPhone();
    const unreachable = nextPhone();
    await askCode(delivered);
    const deliveredRow = await lastRow();
    await askCode(unreachable);
    const failedRow = await lastRow();
    const wrongUrl = `${base}${receiptPath.replace(/token=\w+/, 'token=0000000000000000000000000000000000000000')}`;
    const refused = await double.push(wrongUrl);
    expect(refused.status).toBe(401);
    expect((await logRow(deliveredRow.id)).status).toBe('sent');

    const answered = await double.push(`${base}${receiptPath}`, unreachable);
    expect(answered).toEqual({ status: 200, body: vendor.receiptOk });
    expect(await logRow(deliveredRow.id)).toMatchObject({ status: 'delivered', error_code: null });
    expect((await logRow(deliveredRow.id)).reported_at).toBeInstanceOf(Date);
    expect(await logRow(failedRow.id)).toMatchObject({ status: 'failed', error_code: 'MK:0001', error_message: '用户关机' });
  });

  it('is refused by the vendor when linli signs with another secret', async () => {
    const settings = t.ctx.config.smsVendor as NonNullable<typeof t.ctx.config.smsVendor>;
    const real = settings.accessKeySecret;
    settings.accessKeySecret = `${real}x`;
    try {
      t.clock.advance(MINUTE);
      const res = await askCode(nextPhone());
      expect(res.status).toBe(502);
      expect((await lastRow()).error_code).toBe(vendor.name === 'aliyun' ? 'SignatureDoesNotMatch' : 'AuthFailure.SignatureFailure');
    } finally {
      settings.accessKeySecret = real;
    }
  });
});

describe('SMS with the dev provider', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('logs login codes, takes no templates, and shows the log to admins only', async () => {
    const operatorId = await createOperator(t.ctx);
    const admin = await t.login('staff', (await createStaff(t.ctx, operatorId, ['admin'])).phone);
    const merchandiser = await t.login('staff', (await createStaff(t.ctx, operatorId, ['merchandiser'])).phone);
    const settings = await t.request('GET', '/api/v1/admin/sms/settings', { token: admin });
    expect(settings.body).toMatchObject({ provider: 'dev', receiptPath: null });
    const put = await t.request('PUT', '/api/v1/admin/sms/templates/login_code', { token: admin, body: { templateCode: 'SMS_1234567' } });
    expect(put.status).toBe(409);
    expect(put.body.code).toBe('INVALID_STATE');
    expect((await t.request('GET', '/api/v1/admin/sms/messages', { token: merchandiser })).status).toBe(403);
    const rows = await t.ctx.db.selectFrom('sms_messages').select(['kind', 'provider', 'status', 'params']).execute();
    expect(rows).toContainEqual({ kind: 'login_code', provider: 'dev', status: 'sent', params: null });
    // A receipt for a vendor that is not configured is refused, whatever the token.
    const receipt = await t.request('POST', '/api/v1/sms/aliyun/receipts?token=x', { body: [] });
    expect(receipt.status).toBe(401);
  });
});
