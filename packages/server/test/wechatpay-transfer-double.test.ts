import { constants, createDecipheriv, createSign, createVerify, publicEncrypt, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWechatPayDouble, TRANSFER_CONFIRM_MS, type WechatPayDouble } from '../src/dev/wechatpay-double.ts';

// The double's 商家转账 (transfer bills, user-confirmation mode), checked with a tiny merchant
// client written here from the published protocol, independent of linli's client.

let wx: WechatPayDouble;
let hook: { url: string; received: Array<{ headers: Record<string, string>; body: string }>; close(): Promise<void> };
let skewMs = 0;

beforeAll(async () => {
  wx = await startWechatPayDouble({ retryDelaysMs: [] });
  // The double's clock, moved forward by the tests that need a day to pass (read at each call).
  wx.now = () => Date.now() + skewMs;
  const received: Array<{ headers: Record<string, string>; body: string }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      received.push({ headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204);
      res.end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  hook = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
});
afterAll(async () => {
  await wx?.close();
  await hook?.close();
});

async function call(method: 'GET' | 'POST', path: string, body?: unknown, opts: { tamper?: boolean; serial?: string } = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  const timestamp = String(Math.floor(wx.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  const signature = createSign('RSA-SHA256')
    .update(`${method}\n${path}\n${timestamp}\n${nonce}\n${text}${opts.tamper ? ' ' : ''}\n`)
    .sign(wx.merchantPrivateKeyPem, 'base64');
  const res = await fetch(wx.url + path, {
    method,
    headers: {
      Accept: 'application/json',
      Authorization: `WECHATPAY2-SHA256-RSA2048 mchid="${wx.mchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${wx.merchantSerial}"`,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(opts.serial ? { 'Wechatpay-Serial': opts.serial } : {}),
    },
    ...(body !== undefined ? { body: text } : {}),
  });
  const raw = await res.text();
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    headers[k] = v;
  });
  return { status: res.status, headers, raw, json: raw ? (JSON.parse(raw) as any) : undefined };
}

const verifies = (headers: Record<string, string>, body: string) =>
  headers['wechatpay-serial'] === wx.publicKeyId &&
  createVerify('RSA-SHA256')
    .update(`${headers['wechatpay-timestamp']}\n${headers['wechatpay-nonce']}\n${body}\n`)
    .verify(wx.publicKeyPem, headers['wechatpay-signature'] ?? '', 'base64');

function decrypt(resource: { ciphertext: string; associated_data: string; nonce: string }): any {
  const data = Buffer.from(resource.ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(wx.apiV3Key, 'utf8'), Buffer.from(resource.nonce, 'utf8'));
  decipher.setAAD(Buffer.from(resource.associated_data, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return JSON.parse(Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8'));
}

const PATH = '/v3/fund-app/mch-transfer/transfer-bills';
const bill = (no: string, extra: Record<string, unknown> = {}) => ({
  appid: wx.appid,
  out_bill_no: no,
  transfer_scene_id: '1005',
  openid: 'oLeader000000000000000000001',
  transfer_amount: 1500,
  transfer_remark: '团长佣金提现',
  notify_url: `${hook.url}/notify/transfer`,
  user_recv_perception: '劳务报酬',
  transfer_scene_report_infos: [
    { info_type: '岗位类型', info_content: '社区团长' },
    { info_type: '报酬说明', info_content: '团购佣金提现' },
  ],
  ...extra,
});
const query = (no: string) => call('GET', `${PATH}/out-bill-no/${no}`);
const notices = (no: string) =>
  hook.received
    .map((r) => ({ r, body: JSON.parse(r.body) }))
    .filter(({ body }) => decrypt(body.resource).out_bill_no === no)
    .map(({ r, body }) => ({ signed: verifies(r.headers, r.body), event: body.event_type, plain: decrypt(body.resource) }));

describe('transfer bills (商家转账) at the double', () => {
  it('creates a bill waiting for the payee, answers the same bill again, refuses the same number with another amount', async () => {
    const first = await call('POST', PATH, bill('wdrA1'));
    expect(first.status).toBe(200);
    expect(verifies(first.headers, first.raw)).toBe(true);
    expect(first.json).toMatchObject({ out_bill_no: 'wdrA1', state: 'WAIT_USER_CONFIRM' });
    expect(first.json.transfer_bill_no).toMatch(/^\d+$/);
    expect(first.json.create_time).toMatch(/\+08:00$/);
    expect(typeof first.json.package_info).toBe('string');

    const again = await call('POST', PATH, bill('wdrA1'));
    expect(again.json).toEqual(first.json);
    expect(wx.transferBills.size).toBe(1);

    const other = await call('POST', PATH, bill('wdrA1', { transfer_amount: 1600 }));
    expect(other.status).toBe(400);
    expect(other.json.code).toBe('INVALID_REQUEST');
    expect(wx.transferBills.get('wdrA1')?.transfer_amount).toBe(1500);

    expect((await query('wdrA1')).json).toMatchObject({
      mch_id: wx.mchid,
      state: 'WAIT_USER_CONFIRM',
      transfer_amount: 1500,
      openid: bill('x').openid,
    });
  });

  it('refuses a bad signature, a number with other characters, a bill without its scene report infos, and answers 404 to an unknown number', async () => {
    expect((await call('POST', PATH, bill('wdrB1'), { tamper: true })).json.code).toBe('SIGN_ERROR');
    expect((await call('POST', PATH, bill('wdr_B1'))).json.code).toBe('PARAM_ERROR');
    expect((await call('POST', PATH, bill('wdrB2', { transfer_scene_report_infos: [] }))).json.code).toBe('PARAM_ERROR');
    const wrongInfos = [
      { info_type: '活动名称', info_content: 'x' },
      { info_type: '奖励说明', info_content: 'y' },
    ];
    expect((await call('POST', PATH, bill('wdrB3', { transfer_scene_report_infos: wrongInfos }))).json.code).toBe('PARAM_ERROR');
    expect((await call('POST', PATH, bill('wdrB4', { transfer_amount: 5 }))).json.code).toBe('INVALID_REQUEST');
    const missing = await query('wdrNope');
    expect([missing.status, missing.json.code]).toEqual([404, 'NOT_FOUND']);
    expect(verifies(missing.headers, missing.raw)).toBe(true);
    expect(['wdrB1', 'wdrB2', 'wdrB3', 'wdrB4'].some((n) => wx.transferBills.has(n))).toBe(false);
  });

  it('wants the payee’s name from 2,000 yuan, encrypted with the WeChat Pay public key', async () => {
    expect((await call('POST', PATH, bill('wdrC1', { transfer_amount: 200_000 }))).json.code).toBe('PARAM_ERROR');
    const name = publicEncrypt(
      { key: wx.publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from('王小明'),
    ).toString('base64');
    expect((await call('POST', PATH, bill('wdrC1', { transfer_amount: 200_000, user_name: name }))).json.code).toBe('PARAM_ERROR');
    const ok = await call('POST', PATH, bill('wdrC1', { transfer_amount: 200_000, user_name: name }), { serial: wx.publicKeyId });
    expect(ok.status).toBe(200);
    expect(wx.transferBills.get('wdrC1')?.user_name_plain).toBe('王小明');
  });

  it('the payee confirms on the page: SUCCESS, and a signed, encrypted MCHTRANSFER.BILL.FINISHED', async () => {
    const created = await call('POST', PATH, bill('wdrD1'));
    const pkg = created.json.package_info as string;
    const page = await fetch(`${wx.url}/transfer/confirm?package=${encodeURIComponent(pkg)}`);
    expect(await page.text()).toContain('id="confirm-transfer"');
    const confirmed = await fetch(`${wx.url}/transfer/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ package: pkg }).toString(),
    });
    expect(confirmed.status).toBe(200);
    expect((await query('wdrD1')).json.state).toBe('SUCCESS');
    expect(notices('wdrD1')).toEqual([
      {
        signed: true,
        event: 'MCHTRANSFER.BILL.FINISHED',
        plain: expect.objectContaining({ state: 'SUCCESS', transfer_amount: 1500, transfer_bill_no: created.json.transfer_bill_no }),
      },
    ]);
    // Confirmed once: the page says so, and the same bill asked again answers SUCCESS without a package.
    const twice = await fetch(`${wx.url}/transfer/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ package: pkg }).toString(),
    });
    expect(twice.status).toBe(409);
    const again = await call('POST', PATH, bill('wdrD1'));
    expect(again.json.state).toBe('SUCCESS');
    expect(again.json.package_info).toBeUndefined();
  });

  it('a confirmed transfer can fail with a reason (fault injection)', async () => {
    const created = await call('POST', PATH, bill('wdrE1'));
    wx.transferFailReason = 'PAYEE_ACCOUNT_ABNORMAL';
    try {
      await wx.confirmTransfer(created.json.package_info);
    } finally {
      wx.transferFailReason = null;
    }
    expect((await query('wdrE1')).json).toMatchObject({ state: 'FAIL', fail_reason: 'PAYEE_ACCOUNT_ABNORMAL' });
    expect(notices('wdrE1').map((n) => [n.plain.state, n.plain.fail_reason])).toEqual([['FAIL', 'PAYEE_ACCOUNT_ABNORMAL']]);
  });

  it('a transfer not confirmed within 24 hours is closed (CANCELLED); the merchant may cancel one before', async () => {
    const created = await call('POST', PATH, bill('wdrF1'));
    expect(await wx.expireTransfers()).toBe(0);
    skewMs = TRANSFER_CONFIRM_MS;
    try {
      expect(await wx.expireTransfers()).toBeGreaterThanOrEqual(1);
      expect((await query('wdrF1')).json.state).toBe('CANCELLED');
      expect(notices('wdrF1').map((n) => n.plain.state)).toEqual(['CANCELLED']);
      await expect(wx.confirmTransfer(created.json.package_info)).rejects.toThrow(/CANCELLED/);
    } finally {
      skewMs = 0;
    }
    await call('POST', PATH, bill('wdrF2'));
    const cancelled = await call('POST', `${PATH}/out-bill-no/wdrF2/cancel`, {});
    expect(cancelled.json).toMatchObject({ out_bill_no: 'wdrF2', state: 'CANCELLED' });
    expect((await query('wdrF2')).json.state).toBe('CANCELLED');
    const done = await call('POST', `${PATH}/out-bill-no/wdrD1/cancel`, {});
    expect([done.status, done.json.code]).toEqual([400, 'INVALID_REQUEST']);
  });
});
