import { randomInt, randomUUID } from 'node:crypto';
import { type Api, type ApiResponse, failureLabel } from './client.ts';
import { type LatencySummary, summarise } from './stats.ts';
import type { BenchCoupon } from './world.ts';

export type RequestKind = 'place' | 'pay' | 'notify';

/** What one checkout attempt ended with: paid, or the step and answer that stopped it. */
type Outcome = { paid: true; orderId: string } | { paid: false; failure: string };

/**
 * One resident's checkout: place the order (which opens its payment), post the wallet's signed
 * notification. `onRequest` sees every request's latency.
 */
export async function checkout(
  api: Api,
  token: string,
  lines: Array<{ campaignLineId: string; quantity: number }>,
  onRequest: (kind: RequestKind, res: ApiResponse) => void,
  coupon?: BenchCoupon,
): Promise<Outcome> {
  const placed = await api.send('POST', '/api/v1/shop/orders', {
    token,
    headers: { 'idempotency-key': randomUUID() },
    body: { lines, ...coupon },
  });
  onRequest('place', placed);
  if (placed.status !== 201) return { paid: false, failure: `place ${failureLabel(placed)}` };
  const orderId = placed.body.id as string;
  // The order comes back with its payment opened; asking for it again is only needed when not.
  let notification = placed.body.payment?.devNotification;
  if (!notification) {
    const intent = await api.send('POST', `/api/v1/shop/orders/${encodeURIComponent(orderId)}/payments`, {
      token,
      body: { mode: 'notify' },
    });
    onRequest('pay', intent);
    if (intent.status !== 201 || !intent.body?.devNotification) return { paid: false, failure: `pay ${failureLabel(intent)}` };
    notification = intent.body.devNotification;
  }
  const notified = await api.send('POST', '/api/v1/payments/dev/notify', { body: notification });
  onRequest('notify', notified);
  if (notified.status !== 200) return { paid: false, failure: `notify ${failureLabel(notified)}` };
  return { paid: true, orderId };
}

export interface ThroughputResult {
  clients: number;
  seconds: number;
  /** Paid orders completed inside the measured window. */
  paid: number;
  paidPerSecond: number;
  iteration: LatencySummary;
  requests: Record<RequestKind, LatencySummary>;
  errors: Record<string, number>;
  /** Paid orders completed after the warm-up, the last in-flight ones included (the CPU sample's span). */
  paidSinceWarmup: number;
  /** Every notification answered 200, warm-up and drain included: what the database must show. */
  paidSeenByClient: number;
}

/**
 * `tokens.length` clients loop over checkouts of two distinct random lines (1–3 units each) for
 * warm-up + measured seconds; only iterations and requests that finish inside the measured window
 * count towards rates and latencies. `stop` ends the loops early (Ctrl-C). With `coupons`, each
 * client's orders use its coupons one after the other (the priced checkout of `--promotions`).
 */
export async function throughputRun(
  api: Api,
  tokens: string[],
  lineIds: string[],
  warmupS: number,
  seconds: number,
  stop: AbortSignal,
  coupons?: Map<string, BenchCoupon[]>,
): Promise<ThroughputResult> {
  const t0 = performance.now();
  const from = t0 + warmupS * 1000;
  const until = from + seconds * 1000;
  const inWindow = (t: number) => t >= from && t < until;
  const iterations: number[] = [];
  const requests: Record<RequestKind, number[]> = { place: [], pay: [], notify: [] };
  const errors: Record<string, number> = {};
  let paid = 0;
  let paidSeenByClient = 0;
  let paidSinceWarmup = 0;
  const onRequest = (kind: RequestKind, res: ApiResponse) => {
    if (inWindow(performance.now())) requests[kind].push(res.ms);
  };
  const client = async (token: string) => {
    // Shared with the client's later runs: a coupon used once is not offered again.
    const mine = coupons?.get(token) ?? [];
    while (performance.now() < until && !stop.aborted) {
      const started = performance.now();
      const outcome = await checkout(api, token, twoLines(lineIds), onRequest, mine.pop());
      const ended = performance.now();
      if (outcome.paid) {
        paidSeenByClient++;
        if (ended >= from) paidSinceWarmup++;
        if (inWindow(ended)) {
          paid++;
          iterations.push(ended - started);
        }
      } else errors[outcome.failure] = (errors[outcome.failure] ?? 0) + 1;
    }
  };
  await Promise.all(tokens.map(client));
  return {
    clients: tokens.length,
    seconds,
    paid,
    paidPerSecond: Math.round((paid / seconds) * 10) / 10,
    iteration: summarise(iterations),
    requests: { place: summarise(requests.place), pay: summarise(requests.pay), notify: summarise(requests.notify) },
    errors,
    paidSinceWarmup,
    paidSeenByClient,
  };
}

function twoLines(lineIds: string[]): Array<{ campaignLineId: string; quantity: number }> {
  const a = randomInt(lineIds.length);
  const b = (a + 1 + randomInt(lineIds.length - 1)) % lineIds.length;
  return [a, b].map((i) => ({ campaignLineId: lineIds[i] as string, quantity: 1 + randomInt(3) }));
}

export interface OversellResult {
  buyers: number;
  paid: number;
  outcomes: Record<string, number>;
  ms: number;
}

/** Every buyer at once tries to buy and pay one unit of the scarce line; a paid order is read back to confirm it. */
export async function oversellRun(api: Api, tokens: string[], lineId: string): Promise<OversellResult> {
  const started = performance.now();
  const outcomes: Record<string, number> = {};
  let paid = 0;
  await Promise.all(
    tokens.map(async (token) => {
      const outcome = await checkout(api, token, [{ campaignLineId: lineId, quantity: 1 }], () => {});
      let label = outcome.paid ? 'paid' : outcome.failure;
      if (outcome.paid) {
        paid++;
        const order = await api.send('GET', `/api/v1/shop/orders/${encodeURIComponent(outcome.orderId)}`, { token });
        if (order.status !== 200 || order.body?.status !== 'paid')
          label = `paid, but GET order answers ${order.status} ${order.body?.status}`;
      }
      outcomes[label] = (outcomes[label] ?? 0) + 1;
    }),
  );
  return { buyers: tokens.length, paid, outcomes, ms: Math.round(performance.now() - started) };
}
