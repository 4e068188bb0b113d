import { createCipheriv, createSign, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, linliSettings, startWechatPayDouble, TRANSFER_CONFIRM_MS, type WechatPayDouble } from '../src/dev/wechatpay-double.ts';
import { bindWechatAccount, unbindWechatAccount } from '../src/modules/identity/index.ts';
import { postEntry } from '../src/modules/ledger/index.ts';
import { type PayoutProvider, payoutProviderOf, usePayoutProvider } from '../src/modules/settlement/payout.provider.ts';
import { payOutApproved } from '../src/modules/settlement/withdrawal.service.ts';
import { HOUR } from '../src/platform/clock.ts';
import { createStaff, createWorld, type World } from './fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { allBalances } from './ledger-fixtures.ts';

// Leaders' withdrawals paid by WeChat Pay's 商家转账 through the real server: linli on a port, the
// double of WeChat Pay on another, each checking the other's signatures; the payee confirms at
// the double as they would in WeChat, and its notification reaches linli over HTTP.

const NOTIFY = '/api/v1/payouts/wechatpay/notify';
const CREDIT = 100_000;
let wx: WechatPayDouble;
let t: TestApp;
let w: World;
let keyDir: string;
let base: string;
let finance: string;
const leaderTokens: string[] = [];
// The WeChat Pay public key's private half, kept by the test to forge notifications WeChat Pay could have sent.
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });

const openidOf = (i: number) => `oLeader${String(i).padStart(21, '0')}`;
const leaderId = (i: number) => w.leaders[i]?.id as string;

beforeAll(async () => {
  wx = await startWechatPayDouble({
    wechatpayPrivateKeyPem: platform.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    retryDelaysMs: [],
  });
  keyDir = mkdtempSync(join(tmpdir(), 'linli-wxpayout-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await startTestApp('2026-11-20T02:00:00Z', {
    env: { ...linliSettings(wx, keyDir, base), LINLI_PAYOUT_PROVIDER: 'wechatpay', LINLI_WECHATPAY_TRANSFER_PERCEPTION: '劳务报酬' },
  });
  wx.now = () => t.clock.now().getTime();
  await t.app.server.listen({ port, host: '127.0.0.1' });
  w = await createWorld(t.ctx, { skus: 1, leaders: 6, residents: 0 });
  finance = await t.login('staff', (await createStaff(t.ctx, w.operatorId, ['finance'])).phone);
  const now = t.clock.now();
  for (const [i, l] of w.leaders.entries()) {
    leaderTokens.push(await t.login('leader', l.phone));
    // Commission the leader may withdraw (the accrual and release the ledger would post, in one entry).
    await t.ctx.db.transaction().execute((trx) =>
      postEntry(trx, now, {
        operatorId: w.operatorId,
        key: `test:credit:${l.id}`,
        kind: 'commission_release',
        document: { type: 'test', id: l.id },
        meta: { leaderId: l.id },
        occurredAt: now,
        postings: [
          { account: { code: 'commission_expense' }, amountFen: CREDIT },
          { account: { code: 'commission_available', partyId: l.id }, amountFen: -CREDIT },
        ],
      }),
    );
    // Every leader but the last has bound WeChat (the login screens do this).
    if (i < w.leaders.length - 1) {
      await bindWechatAccount(t.ctx.db, now, {
        operatorId: w.operatorId,
        appId: wx.appid,
        openid: openidOf(i),
        kind: 'leader',
        principalId: l.id,
      });
    }
  }
});
afterAll(async () => {
  await t?.close();
  await wx?.close();
  rmSync(keyDir, { recursive: true, force: true });
});

async function withdraw(i: number, amountFen: number) {
  const asked = await t.request('POST', '/api/v1/leader/withdrawals', { token: leaderTokens[i], body: { amountFen } });
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);
  return asked.body as { id: string };
}
const approve = (id: string) => t.request('POST', `/api/v1/admin/finance/withdrawals/${id}/approve`, { token: finance });
const withdrawal = (id: string) => t.ctx.db.selectFrom('withdrawals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const billNo = (id: string) => id.replace('_', '');
const entriesOf = async (id: string) =>
  (
    await t.ctx.db
      .selectFrom('journal_entries')
      .select('kind')
      .where('document_type', '=', 'withdrawal')
      .where('document_id', '=', id)
      .orderBy('id')
      .execute()
  ).map((e) => e.kind);
const leaderBalances = async (i: number) => {
  const all = await allBalances(t, w);
  const id = leaderId(i);
  return { available: all[`commission_available/${id}`] ?? 0, withdrawing: all[`commission_withdrawing/${id}`] ?? 0 };
};
/** Every posting of the operator sums to zero: the ledger balances. */
const ledgerSum = async () =>
  Number(
    (
      await t.ctx.db
        .selectFrom('journal_postings')
        .innerJoin('journal_entries', 'journal_entries.id', 'journal_postings.entry_id')
        .select((eb) => eb.fn.sum<number>('journal_postings.amount_fen').as('sum'))
        .where('journal_entries.operator_id', '=', w.operatorId)
        .executeTakeFirstOrThrow()
    ).sum,
  );
const noticesTo = async (i: number) =>
  (
    await t.ctx.db
      .selectFrom('notifications')
      .select('title')
      .where('recipient_kind', '=', 'leader')
      .where('recipient_id', '=', leaderId(i))
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  ).map((n) => n.title);

/** The payee opens the confirmation WeChat shows for this package and accepts (the double's page). */
async function payeeConfirms(pkg: string) {
  const page = await fetch(`${wx.url}/transfer/confirm?package=${encodeURIComponent(pkg)}`);
  expect(await page.text()).toContain('确认收款');
  const res = await fetch(`${wx.url}/transfer/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ package: pkg }).toString(),
  });
  expect(res.status).toBe(200);
}

describe('withdrawals paid by WeChat Pay transfers (商家转账)', () => {
  it('request → approve → awaiting the leader’s confirmation → the leader confirms → notification → paid; the ledger balances', async () => {
    const asked = await withdraw(0, 1500);
    const approved = await approve(asked.id);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      payoutState: 'WAIT_USER_CONFIRM',
      confirmation: { mchId: wx.mchid, appId: wx.appid },
    });
    const bill = wx.transferBills.get(billNo(asked.id));
    expect(bill).toMatchObject({
      out_bill_no: billNo(asked.id),
      openid: openidOf(0),
      transfer_amount: 1500,
      transfer_scene_id: '1005',
      notify_url: `${base}${NOTIFY}`,
      user_recv_perception: '劳务报酬',
      state: 'WAIT_USER_CONFIRM',
    });
    expect(bill?.transfer_scene_report_infos.map((r) => r.info_type)).toEqual(['岗位类型', '报酬说明']);
    expect(approved.body.confirmation.package).toBe(bill?.package_info);
    // The leader's list carries what their page passes to requestMerchantTransfer, and the leader was told.
    const mine = await t.request('GET', '/api/v1/leader/withdrawals', { token: leaderTokens[0] });
    expect(mine.body.items[0]).toMatchObject({ id: asked.id, confirmation: { package: bill?.package_info } });
    expect(await noticesTo(0)).toEqual(['提现待确认收款']);
    expect(await leaderBalances(0)).toEqual({ available: CREDIT - 1500, withdrawing: 1500 });

    await payeeConfirms(approved.body.confirmation.package);
    expect(wx.notifications.filter((n) => n.outBillNo === billNo(asked.id)).map((n) => [n.eventType, n.status])).toEqual([
      ['MCHTRANSFER.BILL.FINISHED', 204],
    ]);
    const paid = await withdrawal(asked.id);
    expect(paid).toMatchObject({ status: 'paid', payout_state: 'SUCCESS', payout_confirmation: null, payout_ref: bill?.transfer_bill_no });
    const listed = await t.request('GET', '/api/v1/admin/finance/withdrawals', { token: finance });
    expect(listed.body.items.find((x: { id: string }) => x.id === asked.id)).toMatchObject({
      status: 'paid',
      payoutState: 'SUCCESS',
      confirmation: null,
    });
    expect(await entriesOf(asked.id)).toEqual(['withdrawal_requested', 'withdrawal_paid']);
    expect(await leaderBalances(0)).toEqual({ available: CREDIT - 1500, withdrawing: 0 });
    expect(await noticesTo(0)).toEqual(['提现待确认收款', '提现已到账']);
    expect(await ledgerSum()).toBe(0);
  });

  it('a crash between WeChat Pay’s answer and linli’s commit: the retry finds the same bill and pays once', async () => {
    const asked = await withdraw(1, 2000);
    const real = payoutProviderOf(t.ctx);
    // The provider answers, then the process dies before recording it (here: the call throws after WeChat Pay created the bill).
    const crashing: PayoutProvider = {
      name: real.name,
      payeeRefusal: real.payeeRefusal?.bind(real),
      async payout(p) {
        await real.payout(p);
        throw new Error('crashed before the commit');
      },
    };
    usePayoutProvider(t.ctx, crashing);
    try {
      const approved = await approve(asked.id);
      expect(approved.body).toMatchObject({ status: 'approved', payoutState: null, confirmation: null });
    } finally {
      usePayoutProvider(t.ctx, real);
    }
    expect(wx.transferBills.get(billNo(asked.id))?.state).toBe('WAIT_USER_CONFIRM');

    // The payout sweep, once the claim has passed, asks again: the same bill, not a second one.
    t.clock.advance(HOUR);
    await payOutApproved(t.ctx);
    const pending = await withdrawal(asked.id);
    expect(pending).toMatchObject({ status: 'approved', payout_state: 'WAIT_USER_CONFIRM' });
    expect(pending.payout_confirmation?.package).toBe(wx.transferBills.get(billNo(asked.id))?.package_info);
    const creates = () => wx.requests.filter((r) => r.method === 'POST' && r.path === '/v3/fund-app/mch-transfer/transfer-bills');
    const created = creates().length;
    t.clock.advance(HOUR);
    await payOutApproved(t.ctx);
    expect(creates().length).toBe(created);

    await payeeConfirms(pending.payout_confirmation?.package as string);
    expect((await withdrawal(asked.id)).status).toBe('paid');
    t.clock.advance(HOUR);
    await payOutApproved(t.ctx);
    expect([...wx.transferBills.keys()].filter((k) => k === billNo(asked.id))).toHaveLength(1);
    expect(await entriesOf(asked.id)).toEqual(['withdrawal_requested', 'withdrawal_paid']);
    expect(await leaderBalances(1)).toEqual({ available: CREDIT - 2000, withdrawing: 0 });
    expect(await ledgerSum()).toBe(0);
  });

  it('a transfer that FAILs gives the money back once, however often it is told', async () => {
    const asked = await withdraw(2, 3000);
    const approved = await approve(asked.id);
    wx.transferFailReason = 'PAYEE_ACCOUNT_ABNORMAL';
    try {
      await wx.confirmTransfer(approved.body.confirmation.package);
    } finally {
      wx.transferFailReason = null;
    }
    const failed = await withdrawal(asked.id);
    expect(failed).toMatchObject({ status: 'failed', payout_state: 'FAIL' });
    expect(failed.failure_reason).toContain('PAYEE_ACCOUNT_ABNORMAL');
    // The same notification again (WeChat Pay repeats them), and the sweep: nothing more moves.
    expect(await wx.sendNotification(wx.lastNotification.transfer as NonNullable<typeof wx.lastNotification.transfer>)).toBe(204);
    t.clock.advance(HOUR);
    await payOutApproved(t.ctx);
    expect(await entriesOf(asked.id)).toEqual(['withdrawal_requested', 'withdrawal_returned']);
    expect(await leaderBalances(2)).toEqual({ available: CREDIT, withdrawing: 0 });
    expect(await noticesTo(2)).toEqual(['提现待确认收款', '提现未成功']);
    expect(await ledgerSum()).toBe(0);
  });

  it('a transfer the leader never accepts is closed after 24 hours and the money returns, found by the sweep when no notification came', async () => {
    const asked = await withdraw(3, 1200);
    await approve(asked.id);
    wx.holdNotifications = true;
    try {
      t.clock.advance(TRANSFER_CONFIRM_MS);
      await payOutApproved(t.ctx);
      expect(wx.transferBills.get(billNo(asked.id))?.state).toBe('CANCELLED');
      const closed = await withdrawal(asked.id);
      expect(closed).toMatchObject({ status: 'failed', payout_state: 'CANCELLED', payout_confirmation: null });
    } finally {
      wx.holdNotifications = false;
    }
    await wx.flushNotifications();
    expect(wx.notifications.filter((n) => n.outBillNo === billNo(asked.id)).map((n) => n.status)).toEqual([204]);
    expect(await entriesOf(asked.id)).toEqual(['withdrawal_requested', 'withdrawal_returned']);
    expect(await leaderBalances(3)).toEqual({ available: CREDIT, withdrawing: 0 });
  });

  it('a leader without WeChat is refused when asking (and at approval if unbound since), changing nothing', async () => {
    const last = w.leaders.length - 1;
    const before = await leaderBalances(last);
    const refused = await t.request('POST', '/api/v1/leader/withdrawals', { token: leaderTokens[last], body: { amountFen: 1000 } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('WECHAT_NOT_BOUND');
    expect(await leaderBalances(last)).toEqual(before);
    expect(await t.ctx.db.selectFrom('withdrawals').select('id').where('leader_id', '=', leaderId(last)).execute()).toEqual([]);

    const asked = await withdraw(4, 1000);
    await unbindWechatAccount(t.ctx.db, w.operatorId, wx.appid, 'leader', leaderId(4));
    const notNow = await approve(asked.id);
    expect([notNow.status, notNow.body.code]).toEqual([409, 'WECHAT_NOT_BOUND']);
    expect(await withdrawal(asked.id)).toMatchObject({ status: 'requested', decided_at: null, payout_state: null });
    expect(wx.transferBills.has(billNo(asked.id))).toBe(false);
  });

  it('a notification with a bad signature, or forged without WeChat Pay’s key, is refused and changes nothing', async () => {
    await bindWechatAccount(t.ctx.db, t.clock.now(), {
      operatorId: w.operatorId,
      appId: wx.appid,
      openid: openidOf(4),
      kind: 'leader',
      principalId: leaderId(4),
    });
    const asked = await withdraw(4, 1100);
    const approved = await approve(asked.id);
    wx.tamperNotifications = 'signature';
    try {
      await wx.confirmTransfer(approved.body.confirmation.package);
    } finally {
      wx.tamperNotifications = null;
    }
    expect(wx.notifications.filter((n) => n.outBillNo === billNo(asked.id)).map((n) => n.status)).toEqual([400]);
    expect(await withdrawal(asked.id)).toMatchObject({ status: 'approved', payout_state: 'WAIT_USER_CONFIRM' });
    expect(await entriesOf(asked.id)).toEqual(['withdrawal_requested']);

    // Signed with another key, claiming SUCCESS for another withdrawal still waiting.
    const other = await withdraw(0, 1000);
    await approve(other.id);
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const plain = {
      mch_id: wx.mchid,
      out_bill_no: billNo(other.id),
      transfer_bill_no: '1330000000',
      state: 'SUCCESS',
      transfer_amount: 1000,
    };
    const nonce = randomBytes(6).toString('hex');
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(wx.apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
    cipher.setAAD(Buffer.from('mch_payment', 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final(), cipher.getAuthTag()]).toString(
      'base64',
    );
    const body = JSON.stringify({
      id: randomUUID(),
      create_time: '2026-11-21T10:00:00+08:00',
      event_type: 'MCHTRANSFER.BILL.FINISHED',
      resource_type: 'encrypt-resource',
      summary: 'forged',
      resource: { original_type: 'mch_payment', algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: 'mch_payment', nonce },
    });
    const at = Math.floor(t.clock.now().getTime() / 1000);
    const headerNonce = randomBytes(16).toString('hex');
    const forged = await fetch(`${base}${NOTIFY}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'wechatpay-timestamp': String(at),
        'wechatpay-nonce': headerNonce,
        'wechatpay-signature': createSign('RSA-SHA256').update(`${at}\n${headerNonce}\n${body}\n`).sign(stranger, 'base64'),
        'wechatpay-serial': wx.publicKeyId,
        'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
      },
      body,
    });
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as { code: string }).code).toBe('PAYMENT_SIGNATURE_INVALID');
    expect(await withdrawal(other.id)).toMatchObject({ status: 'approved', payout_state: 'WAIT_USER_CONFIRM' });
    expect(await entriesOf(other.id)).toEqual(['withdrawal_requested']);
    expect(await ledgerSum()).toBe(0);
  });
});
