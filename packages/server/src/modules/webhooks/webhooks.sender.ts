import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { SWEEP_CLAIM_MS } from '../../platform/jobs.ts';
import { unseal } from '../../platform/sealed.ts';
import { KEPT_RESPONSE_CHARS, SEND_TIMEOUT_MS, TEST_EVENT_TYPE, delivered, nextAttemptAt, signatureHeader } from './webhooks.rules.ts';

const BATCH = 50;

type Claimed = {
  id: string;
  operator_id: string;
  event_id: string;
  event_type: string;
  event_created_at: Date;
  payload: unknown;
  attempts: number;
  first_attempt_at: Date;
  url: string;
  secret_sealed: string;
  active: boolean;
};

/** An attempt's result; `final` gives up without a retry. */
type Outcome = { statusCode: number | null; error: string | null; response: string | null; final?: boolean };

/**
 * Sends due deliveries, from the job runner's sweep, never inside a request. Each is claimed
 * first, in one statement (FOR UPDATE SKIP LOCKED, then `next_attempt_at` moved past the claim),
 * so processes running this at once send a delivery once per attempt. A 2xx answer delivers it;
 * anything else (another status, a timeout, a refused connection) is tried again after 1 min, 2,
 * 4, … up to an hour, until a day after the first attempt, then it is failed. An endpoint made
 * inactive gets only test pings; its other pending deliveries are failed.
 */
export async function sendDueDeliveries(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const claimedUntil = new Date(now.getTime() + SWEEP_CLAIM_MS);
  const claimed = await sql<Claimed>`
    update webhook_deliveries d
    set attempts = d.attempts + 1, next_attempt_at = ${claimedUntil}, first_attempt_at = coalesce(d.first_attempt_at, ${now})
    from webhook_endpoints e
    where d.id in (
      select id from webhook_deliveries
      where status = 'pending' and next_attempt_at <= ${now}
      order by next_attempt_at, id
      limit ${BATCH}
      for update skip locked
    )
    and d.status = 'pending' and d.next_attempt_at <= ${now}
    and e.id = d.endpoint_id and e.operator_id = d.operator_id
    returning d.id, d.operator_id, d.event_id, d.event_type, d.event_created_at, d.payload, d.attempts, d.first_attempt_at,
      e.url, e.secret_sealed, e.active
  `.execute(ctx.db);
  let succeeded = 0;
  await Promise.all(
    claimed.rows.map(async (d) => {
      const outcome: Outcome =
        d.active || d.event_type === TEST_EVENT_TYPE
          ? await post(ctx, d)
          : { statusCode: null, error: 'endpoint inactive', response: null, final: true };
      if (outcome.statusCode !== null && delivered(outcome.statusCode)) succeeded++;
      await record(ctx, d, outcome);
    }),
  );
  return succeeded;
}

async function post(ctx: AppContext, d: Claimed): Promise<Outcome> {
  const body = JSON.stringify({
    id: d.event_id,
    type: d.event_type,
    createdAt: new Date(d.event_created_at).toISOString(),
    operatorId: d.operator_id,
    data: d.payload,
  });
  try {
    const res = await fetch(d.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'linli-webhooks/1',
        'linli-event-id': d.event_id,
        'linli-event-type': d.event_type,
        'linli-signature': signatureHeader(unseal(ctx.secret, d.secret_sealed), ctx.clock.now(), body),
      },
      body,
    });
    const response = await firstChars(res, KEPT_RESPONSE_CHARS);
    return { statusCode: res.status, error: delivered(res.status) ? null : `answered ${res.status}`, response };
  } catch (err) {
    const error = err instanceof Error ? `${err.name}: ${err.message}${causeOf(err)}` : String(err);
    return { statusCode: null, error: error.slice(0, KEPT_RESPONSE_CHARS), response: null };
  }
}

function causeOf(err: Error): string {
  return err.cause instanceof Error ? ` (${err.cause.message})` : '';
}

/** The first `limit` characters of an answer's body, reading no more of it than that. */
async function firstChars(res: Response, limit: number): Promise<string | null> {
  if (!res.body) return null;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // A body cut off or too slow: what arrived is kept.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text.length > 0 ? text.slice(0, limit) : null;
}

async function record(ctx: AppContext, d: Claimed, outcome: Outcome): Promise<void> {
  const now = ctx.clock.now();
  const ok = outcome.statusCode !== null && delivered(outcome.statusCode);
  const retryAt = ok || outcome.final ? null : nextAttemptAt(now, new Date(d.first_attempt_at), d.attempts);
  if (!ok) ctx.log.warn({ deliveryId: d.id, attempts: d.attempts, error: outcome.error }, 'webhook delivery not accepted');
  await ctx.db
    .updateTable('webhook_deliveries')
    .set({
      status: ok ? 'succeeded' : retryAt ? 'pending' : 'failed',
      next_attempt_at: retryAt,
      delivered_at: ok ? now : null,
      last_status_code: outcome.statusCode,
      last_error: outcome.error,
      last_response: outcome.response,
    })
    .where('id', '=', d.id)
    .where('status', '=', 'pending')
    .execute();
}
