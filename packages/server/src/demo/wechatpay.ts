import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../app.ts';
import { type Config, loadConfig } from '../config.ts';
import { startWechatOAuthDouble, type WechatOAuthDouble, wechatLoginSettings } from '../dev/wechat-oauth-double.ts';
import { freePort, linliSettings, startWechatPayDouble, type WechatPayDouble } from '../dev/wechatpay-double.ts';
import { bindWechatAccount, type Principal } from '../modules/identity/index.ts';
import { payOrder } from '../modules/ordering/index.ts';
import { approveWithdrawal, ledgerDayReport, requestWithdrawal } from '../modules/settlement/index.ts';
import { type ManualClock, MINUTE } from '../platform/clock.ts';
import { formatYuan } from '../platform/money.ts';

/**
 * The simulated day on WeChat: the double of WeChat Pay API v3 runs beside the demo's server
 * (which listens on a local port for its notifications), residents pay by H5 and confirm on
 * WeChat Pay's side, refunds go to WeChat Pay, and the next mornings' bills are checked against
 * linli. The official account's double sends the notices of residents who logged in with WeChat
 * (a third of them) as template messages; the others get SMS. Afterwards the leaders with the most
 * commission withdraw it, finance approves, and WeChat Pay transfers it (商家转账) once each leader
 * accepts in WeChat. The doubles keep their state in memory: run it on a fresh data directory.
 */
export interface DemoWechatPay {
  /** The demo's configuration with WeChat Pay, WeChat login, notice templates and transfers. */
  config: Config;
  /** Starts the server's listening for WeChat's notifications; residents and leaders log in with WeChat. */
  listen(app: App): Promise<void>;
  /** A resident pays an order: an H5 prepay, then the payer confirms at WeChat Pay, which notifies linli. */
  pay(app: App, resident: Principal, orderId: string): Promise<void>;
  /** The leaders with most commission withdraw it and accept WeChat Pay's transfers: the report lines. */
  payouts(app: App, operatorId: string, date: string, settle: () => Promise<void>): Promise<string[]>;
  close(): Promise<void>;
}

const TEMPLATES = {
  goods_arrived: { templateId: 'TPL_ARRIVED', data: { thing1: 'point', character_string2: 'code', thing3: 'hours' } },
  pickup_reminder: { templateId: 'TPL_REMIND', data: { thing1: 'point', character_string2: 'code' } },
};

export async function demoWechatPay(config: Config, clock: ManualClock): Promise<DemoWechatPay> {
  const now = () => clock.now().getTime();
  const double: WechatPayDouble = await startWechatPayDouble({ now, retryDelaysMs: [50, 200, 1000] });
  const official: WechatOAuthDouble = await startWechatOAuthDouble({ appid: double.appid, users: [], now });
  for (const t of Object.values(TEMPLATES)) official.messages.templates.set(t.templateId, Object.keys(t.data));
  const keyDir = mkdtempSync(join(tmpdir(), 'linli-demo-wechatpay-'));
  const port = await freePort();
  // The same settings a person would give linli, read by the same rules.
  const wechat = loadConfig({
    ...linliSettings(double, keyDir, `http://127.0.0.1:${port}`),
    ...wechatLoginSettings(official),
    LINLI_WECHAT_NOTICE_TEMPLATES: JSON.stringify(TEMPLATES),
    LINLI_PAYOUT_PROVIDER: 'wechatpay',
    LINLI_ENV: config.env,
  });
  /** Who logged in with WeChat before the day: every leader, and every third resident (all follow the account). */
  const bindEveryone = async (app: App) => {
    const people = [
      ...(await app.ctx.db.selectFrom('leaders').select(['id', 'operator_id']).execute()).map((p) => ({ ...p, kind: 'leader' as const })),
      ...(await app.ctx.db.selectFrom('residents').select(['id', 'operator_id']).orderBy('id').execute())
        .filter((_, i) => i % 3 === 0)
        .map((p) => ({ ...p, kind: 'resident' as const })),
    ];
    for (const p of people) {
      const openid = `o${p.kind === 'leader' ? 'L' : 'R'}${p.id.replace(/\W/g, '')}`;
      official.users.set(openid, { openid, nickname: '', headimgurl: '' });
      official.messages.followers.add(openid);
      await bindWechatAccount(app.ctx.db, clock.now(), {
        operatorId: p.operator_id,
        appId: official.appid,
        openid,
        kind: p.kind,
        principalId: p.id,
      });
    }
  };
  let bound: Promise<void> | undefined;
  return {
    config: {
      ...config,
      paymentProvider: wechat.paymentProvider,
      publicUrl: wechat.publicUrl,
      wechatpay: wechat.wechatpay,
      wechatpayBaseUrl: wechat.wechatpayBaseUrl,
      wechatLogin: wechat.wechatLogin,
      wechatNoticeTemplates: wechat.wechatNoticeTemplates,
      payoutProvider: wechat.payoutProvider,
      wechatTransfer: wechat.wechatTransfer,
    },
    async listen(app) {
      await app.server.listen({ port, host: '127.0.0.1' });
    },
    async pay(app, resident, orderId) {
      // The demo city is seeded by the day's first step: its people have logged in with WeChat before the first payment.
      bound ??= bindEveryone(app);
      await bound;
      const intent = await payOrder(app.ctx, resident, orderId, 'notify', { ip: '127.0.0.1', channel: 'h5' });
      await double.pay(intent.paymentId);
    },
    async payouts(app, operatorId, date, settle) {
      const money = await ledgerDayReport(app.ctx, operatorId, date);
      // Leaders still serving: a leader removed at the end of the day (a transfer) withdraws at its close.
      const active = new Set(
        (
          await app.ctx.db
            .selectFrom('leaders')
            .select('id')
            .where('operator_id', '=', operatorId)
            .where('status', '=', 'active')
            .where('id', 'not in', app.ctx.db.selectFrom('leader_transfers').select('leader_id'))
            .execute()
        ).map((l) => l.id),
      );
      const top = [...money.leaders]
        .filter((l) => active.has(l.partyId) && (l.balances.commission_available ?? 0) >= 1000)
        .sort((a, b) => (b.balances.commission_available ?? 0) - (a.balances.commission_available ?? 0))
        .slice(0, 5);
      const finance = await app.ctx.db
        .selectFrom('staff')
        .select(['id', 'roles'])
        .where('operator_id', '=', operatorId)
        .where('active', '=', true)
        .orderBy('id')
        .execute();
      const clerk = finance.find((s) => s.roles.includes('finance')) ?? finance[0];
      if (!clerk) return [];
      const staff: Principal = { kind: 'staff', id: clerk.id, operatorId, sessionId: 'demo', roles: clerk.roles };
      const ids: string[] = [];
      const confirmedIds: string[] = [];
      for (const l of top) {
        const leader: Principal = { kind: 'leader', id: l.partyId, operatorId, sessionId: 'demo', roles: [] };
        const w = await requestWithdrawal(app.ctx, leader, l.balances.commission_available ?? 0);
        const approved = await approveWithdrawal(app.ctx, staff, w.id);
        // The leader opens the leader app in WeChat and presses 确认收款.
        if (approved.confirmation) {
          await double.confirmTransfer(approved.confirmation.package);
          confirmedIds.push(w.id);
        }
        ids.push(w.id);
      }
      // The provider tells linli of each transfer by notification: wait for them. A payout whose
      // first call was taken by the payout sweep (or failed and waits for its retry) gets its
      // confirmation later: the leader accepts it then; the demo's clock moves a minute a round so
      // a retry comes due (at most 30 rounds).
      const read = () =>
        app.ctx.db
          .selectFrom('withdrawals')
          .select(['id', 'status', 'amount_fen', 'fee_fen', 'payout_state', 'payout_confirmation'])
          .where('id', 'in', ids.length ? ids : [''])
          .execute();
      const accepted = new Set(confirmedIds);
      let rows = await read();
      for (let round = 0; round < 30 && rows.some((r) => r.status === 'approved' || r.status === 'requested'); round++) {
        for (const r of rows) {
          if (r.status !== 'approved' || !r.payout_confirmation || accepted.has(r.id)) continue;
          const confirmation = (typeof r.payout_confirmation === 'string' ? JSON.parse(r.payout_confirmation) : r.payout_confirmation) as {
            package: string;
          };
          await double.confirmTransfer(confirmation.package);
          accepted.add(r.id);
        }
        await new Promise((r) => setTimeout(r, 200));
        clock.advance(MINUTE);
        await settle();
        rows = await read();
      }
      const paid = rows.filter((r) => r.status === 'paid');
      const net = paid.reduce((s, r) => s + r.amount_fen - r.fee_fen, 0);
      return [
        `  payouts       ${rows.length} leaders withdrew their commission; ${paid.length} paid ¥${formatYuan(net)} into their WeChat balance by WeChat Pay transfer (商家转账) after accepting in WeChat; ${rows.length - paid.length} still waiting`,
        `  wechat        ${official.messages.sent.length} notices went as template messages of the official account (residents who logged in with WeChat)`,
      ];
    },
    async close() {
      await double.close();
      await official.close();
      rmSync(keyDir, { recursive: true, force: true });
    },
  };
}
