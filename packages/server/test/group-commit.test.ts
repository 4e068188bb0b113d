import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../src/platform/db/group-commit.ts';

/** A writer whose writes finish when the test says, recording each call (alone or batch). */
function recorder(opts: { inFlight: number; maxBatch: number; key?: boolean; failBatchesWith?: string; refuse?: string }) {
  const calls: Array<{ kind: 'one' | 'many'; items: string[] }> = [];
  const pending: Array<() => void> = [];
  const gate = () => new Promise<void>((resolve) => pending.push(resolve));
  const writer = new GroupCommit<string, string>({
    inFlight: opts.inFlight,
    maxBatch: opts.maxBatch,
    ...(opts.key ? { key: (item: string) => item.split('#')[0] as string } : {}),
    one: async (item) => {
      calls.push({ kind: 'one', items: [item] });
      await gate();
      if (item === opts.refuse) throw new Error(`refused ${item}`);
      return `done ${item}`;
    },
    many: async (items) => {
      calls.push({ kind: 'many', items: [...items] });
      await gate();
      if (opts.failBatchesWith && items.includes(opts.failBatchesWith)) throw new Error('the batch failed');
      return items.map((i) => `done ${i} together`);
    },
  });
  /** Lets every write started so far finish, then waits for the ones that follow to start. */
  const release = async () => {
    for (const r of pending.splice(0)) r();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { writer, calls, release };
}

const settle = (ps: Array<Promise<string>>) =>
  Promise.all(
    ps.map((p) =>
      p.then(
        (v) => v,
        (e: Error) => `error: ${e.message}`,
      ),
    ),
  );

describe('group commit', () => {
  it('writes alone while there is room, and together what waited meanwhile', async () => {
    const { writer, calls, release } = recorder({ inFlight: 2, maxBatch: 10 });
    const results = ['a', 'b', 'c', 'd', 'e'].map((i) => writer.write(i));
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual([
      { kind: 'one', items: ['a'] },
      { kind: 'one', items: ['b'] },
    ]);
    await release();
    expect(calls.slice(2)).toEqual([{ kind: 'many', items: ['c', 'd', 'e'] }]);
    await release();
    expect(await settle(results)).toEqual(['done a', 'done b', 'done c together', 'done d together', 'done e together']);
  });

  it('keeps a batch to maxBatch and the rest for the next', async () => {
    const { writer, calls, release } = recorder({ inFlight: 1, maxBatch: 2 });
    const results = ['a', 'b', 'c', 'd', 'e'].map((i) => writer.write(i));
    for (let i = 0; i < 4; i++) await release();
    expect(calls.map((c) => c.items)).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
    expect(await settle(results)).toHaveLength(5);
  });

  it('never puts two items of one key in a batch', async () => {
    const { writer, calls, release } = recorder({ inFlight: 1, maxBatch: 10, key: true });
    const results = ['x#0', 'p#1', 'p#2', 'q#1', 'p#3'].map((i) => writer.write(i));
    for (let i = 0; i < 5; i++) await release();
    expect(calls.map((c) => c.items)).toEqual([['x#0'], ['p#1', 'q#1'], ['p#2'], ['p#3']]);
    expect(await settle(results)).toEqual(['done x#0', 'done p#1 together', 'done p#2', 'done q#1 together', 'done p#3']);
  });

  it('writes each item of a failed batch alone, each with its own answer', async () => {
    const { writer, calls, release } = recorder({ inFlight: 1, maxBatch: 10, failBatchesWith: 'bad', refuse: 'bad' });
    const results = settle(['a', 'b', 'bad', 'c'].map((i) => writer.write(i)));
    for (let i = 0; i < 4; i++) await release();
    expect(calls.map((c) => `${c.kind} ${c.items.join(',')}`)).toEqual(['one a', 'many b,bad,c', 'one b', 'one bad', 'one c']);
    expect(await results).toEqual(['done a', 'done b', 'error: refused bad', 'done c']);
  });

  it('refuses a writer that could never write', () => {
    expect(() => new GroupCommit({ inFlight: 0, maxBatch: 1, one: async () => 1, many: async () => [] })).toThrow();
  });
});
