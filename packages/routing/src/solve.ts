import { Worker } from 'node:worker_threads';
import type { Model } from './model.ts';
import { ModelError } from './model-check.ts';
import type { SolveOptions, SolveResult } from './solve-in-thread.ts';
import { withSharedMatrices } from './travel.ts';
import type { WorkerInput, WorkerMessage } from './worker.ts';

/**
 * Plans routes in a worker thread so the caller's event loop stays responsive. Progress
 * arrives through `onProgress`; aborting `signal` stops the search early and resolves with
 * the best plan found so far (`stats.cancelled` is then true). Only coordinates and a given
 * matrix cross to the worker: the worker computes travel from coordinates itself, and a matrix
 * goes on shared memory (pass a Float32Array on a SharedArrayBuffer to avoid even one copy).
 */
export function solve(model: Model, options: SolveOptions = {}): Promise<SolveResult> {
  const { onProgress, signal, ...rest } = options;
  const stopFlag = new SharedArrayBuffer(4);
  const flag = new Int32Array(stopFlag);
  const calledAt = performance.timeOrigin + performance.now();
  const input: WorkerInput = { model: withSharedMatrices(model), options: rest, stopFlag, calledAt };
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { workerData: input });
    const cancel = () => Atomics.store(flag, 0, 1);
    if (signal?.aborted) cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    let settled = false;
    const finish = () => {
      settled = true;
      signal?.removeEventListener('abort', cancel);
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'progress') onProgress?.(message.progress);
      else if (message.kind === 'done') {
        finish();
        resolve(message.result);
      } else {
        finish();
        reject(message.name === 'ModelError' ? new ModelError(message.message.split('\n- ').slice(1)) : new Error(message.message));
      }
    });
    worker.on('error', (error) => {
      finish();
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`routing worker exited with code ${code}`));
    });
  });
}
