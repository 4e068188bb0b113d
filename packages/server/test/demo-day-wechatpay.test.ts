import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { dayReport } from '../src/demo/day-report.ts';
import { runDemoDay } from '../src/demo/day.ts';
import { demoWechatPay } from '../src/demo/wechatpay.ts';
import { ManualClock } from '../src/platform/clock.ts';

// `npm run demo -- --provider wechatpay`, small: the day paid through the WeChat Pay API v3 double,
// refunds settled there, and both days' bills checked against linli with no difference; notices of
// residents who logged in with WeChat go as template messages, and leaders' withdrawals by transfer.
describe('the simulated day on WeChat Pay', () => {
  it("is paid and refunded through WeChat Pay, WeChat Pay's bills match linli, and leaders are paid by transfer", async () => {
    const clock = new ManualClock('2026-11-20T00:00:00Z');
    const base = { ...loadConfig({ LOG_LEVEL: 'silent', LINLI_ENV: 'development' }), dataDir: 'memory://' };
    const wechat = await demoWechatPay(base, clock);
    const app = await createApp(wechat.config, { clock, logger: pino({ level: 'silent' }) });
    try {
      await wechat.listen(app);
      const log: string[] = [];
      await runDemoDay(app, clock, {
        date: '2026-11-20',
        orders: 40,
        log: (l) => log.push(l),
        routeTimeLimitMs: 1000,
        pay: (resident, orderId) => wechat.pay(app, resident, orderId),
      });
      const operator = await app.ctx.db.selectFrom('operators').select('id').executeTakeFirstOrThrow();
      const report = (await dayReport(app.ctx, operator.id, '2026-11-20', '2026-11-21')).join('\n');
      expect(report).toMatch(
        /provider bill 2026-11-20 \(wechatpay\): [1-9]\d* payments ¥[\d.]+, \d+ refunds ¥[\d.]+; no difference with linli/,
      );
      expect(report).toMatch(
        /provider bill 2026-11-21 \(wechatpay\): 0 payments ¥0\.00, [1-9]\d* refunds ¥[\d.]+; no difference with linli/,
      );
      expect(report).toMatch(/refunds\s+\d+ recorded, \d+ settled by the provider in \d+ provider calls, 0 still pending/);
      expect(report).not.toMatch(/MISMATCH/);
      const payments = await app.ctx.db.selectFrom('payments').select(['provider', 'status']).where('status', '=', 'succeeded').execute();
      expect(payments.length).toBeGreaterThan(0);
      expect(new Set(payments.map((p) => p.provider))).toEqual(new Set(['wechatpay']));
      // Then the leaders with most commission withdraw it, paid by WeChat Pay transfer once they accept it in WeChat.
      const settle = async () => {
        for (let i = 0; i < 20; i++) if ((await app.ctx.jobs.tick()) + (await app.ctx.events.drain()) === 0) return;
      };
      const lines = (await wechat.payouts(app, operator.id, '2026-11-21', settle)).join('\n');
      expect(lines).toMatch(
        /payouts\s+([1-9]\d*) leaders withdrew their commission; \1 paid ¥[\d.]+ into their WeChat balance .*; 0 still waiting/,
      );
      expect(lines).toMatch(/wechat\s+[1-9]\d* notices went as template messages/);
      expect(report).toMatch(/notices\s+\d+ to residents .*[1-9]\d* by sms, [1-9]\d* by wechat/);
    } finally {
      await app.close();
      await wechat.close();
    }
  });
});
