import type { AppContext } from '../../context.ts';
import type { Principal } from '../identity/index.ts';
import { type PlacedOrder, placePlayOrders } from '../ordering/index.ts';

/** What a winner's order needs of its session. */
export interface SessionToWrite {
  id: string;
  campaign_line_id: string;
  promotion_id: string;
  price_fen: number;
}

interface Waiting {
  resident: Principal;
  attemptKey: string;
  resolve: (order: PlacedOrder) => void;
  reject: (err: unknown) => void;
}

/** At most this many winners' orders in one statement. */
export const WRITE_BATCH = 250;

/**
 * Writes a session's winners' orders in batches: while one batch is being written, the winners
 * who come in meanwhile wait together and go in the next, in one statement (ordering's
 * placePlayOrders). Every winner's order takes the same two rows (the line's stock and the
 * session's promotion); written one by one they queue for those rows one commit at a time, in
 * batches once per batch. One batch at a time per session and process; each winner is answered
 * with their own order or their own error.
 */
export class WinnersWriter {
  private readonly queues = new Map<string, { sale: SessionToWrite; waiting: Waiting[]; writing: boolean }>();

  private readonly ctx: AppContext;

  constructor(ctx: AppContext) {
    this.ctx = ctx;
  }

  write(sale: SessionToWrite, resident: Principal, attemptKey: string): Promise<PlacedOrder> {
    let queue = this.queues.get(sale.id);
    if (!queue) {
      queue = { sale, waiting: [], writing: false };
      this.queues.set(sale.id, queue);
    }
    const q = queue;
    const answer = new Promise<PlacedOrder>((resolve, reject) => q.waiting.push({ resident, attemptKey, resolve, reject }));
    if (!q.writing) void this.drain(sale.id);
    return answer;
  }

  private async drain(saleId: string): Promise<void> {
    const q = this.queues.get(saleId);
    if (!q || q.writing) return;
    q.writing = true;
    try {
      while (q.waiting.length > 0) {
        const batch = q.waiting.splice(0, WRITE_BATCH);
        try {
          const answers = await placePlayOrders(
            this.ctx,
            {
              campaignLineId: q.sale.campaign_line_id,
              quantity: 1,
              play: { promotionId: q.sale.promotion_id, unitPriceFen: q.sale.price_fen },
            },
            batch.map((w) => ({ resident: w.resident, idempotencyKey: `flash:${q.sale.id}:${w.attemptKey}` })),
          );
          batch.forEach((w, i) => {
            const a = answers[i];
            if (a instanceof Error || a === undefined) w.reject(a ?? new Error('flash-sale writer: no answer'));
            else w.resolve(a);
          });
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      q.writing = false;
      this.queues.delete(saleId);
    }
  }
}
