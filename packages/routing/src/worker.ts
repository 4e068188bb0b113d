import { parentPort, workerData } from 'node:worker_threads';
import type { Model } from './model.ts';
import { type SolveOptions, solveInThread } from './solve-in-thread.ts';

/** Message protocol between `solve` and this worker. */
export type WorkerMessage =
  | { kind: 'progress'; progress: import('./solver/hgs.ts').SearchProgress }
  | { kind: 'done'; result: import('./solve-in-thread.ts').SolveResult }
  | { kind: 'failed'; message: string; name: string };

export interface WorkerInput {
  model: Model;
  options: Omit<SolveOptions, 'onProgress' | 'signal'>;
  /** Int32 flag set to 1 by the caller to cancel. */
  stopFlag: SharedArrayBuffer;
  /** When `solve` was called (`performance.timeOrigin + performance.now()`, comparable across threads). */
  calledAt: number;
}

const input = workerData as WorkerInput;
const flag = new Int32Array(input.stopFlag);
const post = (message: WorkerMessage) => parentPort!.postMessage(message);
// A wall-clock budget counts from the call: starting this thread and receiving the model took part of it.
const { timeLimitMs, cpuTime } = input.options;
const late = performance.timeOrigin + performance.now() - input.calledAt;
const budget = timeLimitMs === undefined || cpuTime ? {} : { timeLimitMs: Math.max(0, timeLimitMs - late) };
try {
  const result = solveInThread(
    input.model,
    { ...input.options, ...budget, onProgress: (progress) => post({ kind: 'progress', progress }) },
    () => Atomics.load(flag, 0) === 1,
  );
  post({ kind: 'done', result });
} catch (error) {
  const e = error as Error;
  post({ kind: 'failed', message: e.message, name: e.name });
}
