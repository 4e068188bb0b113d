import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../app.ts';
import type { Config } from '../config.ts';
import { startWechatPayDouble, type WechatPayDouble } from '../dev/wechatpay-double.ts';
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

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((done) => probe.close(() => done()));
  return port;
}

export async function demoWechatPay(config: Config, clock: ManualClock): Promise<DemoWechatPay> {
  const double: WechatPayDouble = await startWechatPayDouble({ now: () => clock.now().getTime(), retryDelaysMs: [50, 200, 1000] });
  const keyDir = mkdtempSync(join(tmpdir(), 'linli-demo-wechatpay-'));
  writeFileSync(join(keyDir, 'apiclient_key.pem'), double.merchantPrivateKeyPem, { mode: 0o600 });
  writeFileSync(join(keyDir, 'wechatpay_pub_key.pem'), double.publicKeyPem);
  const port = await freePort();
  return {
    config: {
      ...config,
      paymentProvider: 'wechatpay',
      publicUrl: `http://127.0.0.1:${port}`,
      wechatpay: {
        mchid: double.mchid,
        appid: double.appid,
        serialNo: double.merchantSerial,
        privateKeyFile: join(keyDir, 'apiclient_key.pem'),
        apiV3Key: double.apiV3Key,
        publicKeyId: double.publicKeyId,
        publicKeyFile: join(keyDir, 'wechatpay_pub_key.pem'),
        baseUrl: double.url,
      },
    },
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
