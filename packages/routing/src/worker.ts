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
}

const input = workerData as WorkerInput;
const flag = new Int32Array(input.stopFlag);
const post = (message: WorkerMessage) => parentPort!.postMessage(message);
try {
  const result = solveInThread(
    input.model,
    { ...input.options, onProgress: (progress) => post({ kind: 'progress', progress }) },
    () => Atomics.load(flag, 0) === 1,
  );
  post({ kind: 'done', result });
} catch (error) {
  const e = error as Error;
  post({ kind: 'failed', message: e.message, name: e.name });
}
