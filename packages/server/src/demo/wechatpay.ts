import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../app.ts';
import { type Config, loadConfig } from '../config.ts';
import { freePort, linliSettings, startWechatPayDouble, type WechatPayDouble } from '../dev/wechatpay-double.ts';
import type { Principal } from '../modules/identity/index.ts';
import { payOrder } from '../modules/ordering/index.ts';
import type { ManualClock } from '../platform/clock.ts';

/**
 * The simulated day on WeChat Pay: the double of WeChat Pay API v3 runs beside the demo's server
 * (which listens on a local port for its notifications), residents pay by H5 and confirm on
 * WeChat Pay's side, refunds go to WeChat Pay, and the next mornings' bills are checked against
 * linli. The double keeps its trades in memory: run it on a fresh data directory.
 */
export interface DemoWechatPay {
  /** The demo's configuration with WeChat Pay as its provider. */
  config: Config;
  /** Starts the server's listening for WeChat Pay's notifications. */
  listen(app: App): Promise<void>;
  /** A resident pays an order: an H5 prepay, then the payer confirms at WeChat Pay, which notifies linli. */
  pay(app: App, resident: Principal, orderId: string): Promise<void>;
  close(): Promise<void>;
}

export async function demoWechatPay(config: Config, clock: ManualClock): Promise<DemoWechatPay> {
  const double: WechatPayDouble = await startWechatPayDouble({ now: () => clock.now().getTime(), retryDelaysMs: [50, 200, 1000] });
  const keyDir = mkdtempSync(join(tmpdir(), 'linli-demo-wechatpay-'));
  const port = await freePort();
  // The same settings a person would give linli, read by the same rules.
  const wechat = loadConfig({ ...linliSettings(double, keyDir, `http://127.0.0.1:${port}`), LINLI_ENV: config.env });
  return {
    config: { ...config, paymentProvider: wechat.paymentProvider, publicUrl: wechat.publicUrl, wechatpay: wechat.wechatpay },
    async listen(app) {
      await app.server.listen({ port, host: '127.0.0.1' });
    },
    async pay(app, resident, orderId) {
      const intent = await payOrder(app.ctx, resident, orderId, 'notify', { ip: '127.0.0.1', channel: 'h5' });
      await double.pay(intent.paymentId);
    },
    async close() {
      await double.close();
      rmSync(keyDir, { recursive: true, force: true });
    },
  };
}
