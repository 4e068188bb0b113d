import { AppError } from './errors.ts';

/**
 * Bounds the route-planning solver runs of this process: each run is a worker thread busy for
 * seconds, so at most `threads` run at once, at most `queue` more wait for a free slot, and any
 * request beyond that is refused with 503 BUSY and a Retry-After instead of starting yet another
 * thread.
 */
export class SolverPool {
  readonly threads: number;
  readonly queue: number;
  readonly retryAfterSeconds: number;
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(threads: number, queue: number, retryAfterSeconds = 10) {
    this.threads = Math.max(1, threads);
    this.queue = Math.max(0, queue);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Runs `task` when a slot is free (waiting in line if the queue has room), or throws BUSY. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running < this.threads) this.#running++;
    else if (this.#waiting.length < this.queue) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else {
      throw new AppError('BUSY', 'every route solver is busy and the queue is full; try again shortly', {
        retryAfterSeconds: this.retryAfterSeconds,
      });
    }
    try {
      return await task();
    } finally {
      // The slot passes straight to the next in line, so nobody can overtake the queue.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }

  /** Runs in progress and runs waiting. */
  get load(): { running: number; waiting: number } {
    return { running: this.#running, waiting: this.#waiting.length };
  }
}
