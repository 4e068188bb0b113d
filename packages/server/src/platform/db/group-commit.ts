/**
 * Group commit for a hot write (checkout's order, a payment's notification): at most `inFlight`
 * writes run at once; a write asked for while they all run waits, and when one finishes, everything
 * waiting goes together as one batch, in one statement and one transaction, so a busy checkout pays
 * for one commit and one round trip per batch instead of per order. Under light load nothing waits:
 * a write alone runs alone, as before.
 *
 * A batch is all or nothing: when it fails (any item's error, a deadlock, anything), each of its
 * items runs again alone, so each gets its own answer, exactly as it would have without batching.
 */
export interface GroupCommitOptions<I, O> {
  /** How many writes (alone or batches) may run at once. */
  inFlight: number;
  /** The most items in one batch; more wait for the next. */
  maxBatch: number;
  /** One item's write, alone. */
  one: (item: I) => Promise<O>;
  /** A batch's write: each item's result, in order. Throws when any item fails (then each runs alone). */
  many: (items: readonly I[]) => Promise<O[]>;
  /** Items with the same key never share a batch: the later one waits for the next. */
  key?: (item: I) => string;
}

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (reason: unknown) => void;
}

export class GroupCommit<I, O> {
  private readonly waiting: Array<Waiting<I, O>> = [];
  private running = 0;
  private readonly options: GroupCommitOptions<I, O>;

  constructor(options: GroupCommitOptions<I, O>) {
    if (options.inFlight < 1 || options.maxBatch < 1) throw new Error('group commit needs inFlight and maxBatch of at least 1');
    this.options = options;
  }

  /** The item written, alone or with others; resolves with its own result or rejects with its own error. */
  write(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.options.inFlight && this.waiting.length > 0) {
      const batch = this.takeBatch();
      this.running++;
      void this.run(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  /** The longest run of waiting items, oldest first, up to maxBatch, no key twice. */
  private takeBatch(): Array<Waiting<I, O>> {
    const { key, maxBatch } = this.options;
    if (!key) return this.waiting.splice(0, maxBatch);
    const keys = new Set<string>();
    const batch: Array<Waiting<I, O>> = [];
    const left: Array<Waiting<I, O>> = [];
    for (const w of this.waiting) {
      const k = key(w.item);
      if (batch.length < maxBatch && !keys.has(k)) {
        keys.add(k);
        batch.push(w);
      } else {
        left.push(w);
      }
    }
    this.waiting.splice(0, this.waiting.length, ...left);
    return batch;
  }

  private async run(batch: Array<Waiting<I, O>>): Promise<void> {
    if (batch.length > 1) {
      let results: O[] | undefined;
      try {
        results = await this.options.many(batch.map((w) => w.item));
        if (results.length !== batch.length) throw new Error(`group commit: ${results.length} results for ${batch.length} items`);
      } catch {
        results = undefined;
      }
      if (results) {
        for (const [i, w] of batch.entries()) w.resolve(results[i] as O);
        return;
      }
    }
    // Alone: a single item, or each item of a batch that failed.
    await Promise.all(batch.map((w) => this.options.one(w.item).then(w.resolve, w.reject)));
  }
}
