/**
 * Signed webhooks: operators register HTTPS endpoints and pick event types; every outbox event
 * of those types is delivered to them, signed, retried for a day, logged and replayable.
 *
 * The module's public face: the registry, the app and the demo import only this file.
 *
 * A delivery is `POST <url>` with `content-type: application/json`, the body
 * `{ "id", "type", "createdAt", "operatorId", "data" }` (`data`: the event's payload as its schema
 * types it; `GET /api/v1/admin/webhooks/event-types` lists every type with its JSON Schema) and
 * the headers `Linli-Event-Id`, `Linli-Event-Type` and
 * `Linli-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`.
 *
 * To verify one, a receiver:
 * 1. reads the raw body as received (before any JSON parsing);
 * 2. splits `Linli-Signature` at `,` into `t=…` and `v1=…`;
 * 3. computes HMAC-SHA256 keyed with the endpoint's secret (the whole `whsec_…` string, UTF-8)
 *    over `<t>.<raw body>`, as lower-case hex;
 * 4. compares it with `v1` in constant time, and refuses a `t` more than 5 minutes from its clock;
 * 5. answers 2xx within 10 s, and de-duplicates by `Linli-Event-Id` (a retry or a replay carries
 *    the same id).
 * In Node: `createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex') === v1`
 * (compared with `timingSafeEqual`); `verifySignature` here does the same.
 */
export { setupWebhooks } from './webhooks.setup.ts';
export { verifySignature } from './webhooks.verify.ts';
export { retireLocalReceivers, startLocalReceiver } from './webhooks.receiver.ts';
export type { LocalReceiver, ReceivedDelivery } from './webhooks.receiver.ts';
export { sendDueDeliveries } from './webhooks.sender.ts';
