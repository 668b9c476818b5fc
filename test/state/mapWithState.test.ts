// Spark's MapWithStateSuite cases: outputs and state snapshots per batch, on the manual clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { EddyError, Seconds, StateSpec, StreamingContext, type Duration, type State } from '../../kernel';
import { sorted, sortedBatches, sparkContext, tempDir } from '../window/harness';

type KV = [string, number];

async function runMapWithState<S, R>(
  input: string[][],
  spec: StateSpec<string, number, S, R>,
  numBatches = input.length,
  checkpointInterval?: Duration,
): Promise<{ outputs: R[][]; snapshots: Array<Array<[string, S]>> }> {
  const sc = sparkContext();
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual' });
  const dir = tempDir('eddy-state-');
  try {
    ssc.checkpoint(dir);
    const stream = ssc.queueStream(input.map((b) => sc.parallelize(b, 2))).map((x): KV => [x, 1]).mapWithState(spec);
    if (checkpointInterval) stream.checkpoint(checkpointInterval);
    const outputs: R[][] = [];
    const snapshots: Array<Array<[string, S]>> = [];
    stream.foreachRDD(async (rdd) => {
      outputs.push(await rdd.collect());
    });
    stream.stateSnapshots().foreachRDD(async (rdd) => {
      snapshots.push(await rdd.collect());
    });
    ssc.start();
    await ssc.advance(numBatches);
    return { outputs, snapshots };
  } finally {
    await ssc.stop(false);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const inputData = [[], ['a'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'b'], ['a'], []];
const runningCounts: KV[][] = [
  [],
  [['a', 1]],
  [['a', 2], ['b', 1]],
  [['a', 3], ['b', 2], ['c', 1]],
  [['a', 4], ['b', 3], ['c', 1]],
  [['a', 5], ['b', 3], ['c', 1]],
  [['a', 5], ['b', 3], ['c', 1]],
];

test('mapWithState - basic operations with simple API', async () => {
  const spec = StateSpec.function((_key: string, value: number | undefined, state: State<number>) => {
    const total = (value ?? 0) + (state.getOption() ?? 0);
    state.update(total);
    return total;
  });
  const { outputs, snapshots } = await runMapWithState(inputData, spec);
  assert.deepEqual(sortedBatches(outputs), [[], [1], [1, 2], [1, 2, 3], [3, 4], [5], []]);
  assert.deepEqual(sortedBatches(snapshots), runningCounts);
});

test('mapWithState - basic operations with advanced API (mapped value from the key)', async () => {
  const spec = StateSpec.function((key: string, value: number | undefined, state: State<number>) => {
    state.update((value ?? 0) + (state.getOption() ?? 0));
    return key + key;
  });
  const { outputs, snapshots } = await runMapWithState(inputData, spec);
  assert.deepEqual(sortedBatches(outputs), [[], ['aa'], ['aa', 'bb'], ['aa', 'bb', 'cc'], ['aa', 'bb'], ['aa'], []]);
  assert.deepEqual(sortedBatches(snapshots), runningCounts);
});

test('mapWithState - states as mapped data', async () => {
  const spec = StateSpec.function((key: string, value: number | undefined, state: State<number>): KV => {
    const total = (value ?? 0) + (state.getOption() ?? 0);
    state.update(total);
    return [key, total];
  });
  const { outputs, snapshots } = await runMapWithState(inputData, spec);
  assert.deepEqual(sortedBatches(outputs), [
    [],
    [['a', 1]],
    [['a', 2], ['b', 1]],
    [['a', 3], ['b', 2], ['c', 1]],
    [['a', 4], ['b', 3]],
    [['a', 5]],
    [],
  ]);
  assert.deepEqual(sortedBatches(snapshots), runningCounts);
});

test('mapWithState - initial states, with nothing returned as from mapping function', async () => {
  const initial = sparkContext().parallelize<KV>([['a', 5], ['b', 10], ['c', -20], ['d', 0]]);
  const spec = StateSpec.function((_key: string, value: number | undefined, state: State<number>): undefined => {
    state.update((value ?? 0) + (state.getOption() ?? 0));
    return undefined;
  }).initialState(initial);
  const { outputs, snapshots } = await runMapWithState(inputData, spec);
  assert.deepEqual(outputs, inputData.map(() => []));
  assert.deepEqual(sortedBatches(snapshots), [
    [['a', 5], ['b', 10], ['c', -20], ['d', 0]],
    [['a', 6], ['b', 10], ['c', -20], ['d', 0]],
    [['a', 7], ['b', 11], ['c', -20], ['d', 0]],
    [['a', 8], ['b', 12], ['c', -19], ['d', 0]],
    [['a', 9], ['b', 13], ['c', -19], ['d', 0]],
    [['a', 10], ['b', 13], ['c', -19], ['d', 0]],
    [['a', 10], ['b', 13], ['c', -19], ['d', 0]],
  ]);
});

test('mapWithState - state removing', async () => {
  const input = [[], ['a'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'b', 'c'], ['a', 'b'], ['a'], []];
  const spec = StateSpec.function((key: string, value: number | undefined, state: State<number>) => {
    if (state.exists()) {
      state.remove();
      return key;
    }
    state.update(value as number);
    return undefined;
  }).numPartitions(1);
  const { outputs, snapshots } = await runMapWithState(input, spec);
  assert.deepEqual(sortedBatches(outputs), [[], [], ['a'], ['b'], ['a', 'c'], ['b'], ['a'], []]);
  assert.deepEqual(sortedBatches(snapshots), [[], [['a', 1]], [['b', 1]], [['a', 1], ['c', 1]], [['b', 1]], [['a', 1]], [], []]);
});

const timingOutInput = [['a', 'b', 'c'], ['a', 'b'], ['a'], [], [], ['a'], ...Array.from({ length: 20 }, () => ['a'])];
const markTimingOut = StateSpec.function((key: string, value: number | undefined, state: State<number>) => {
  if (value !== undefined) state.update(1);
  return state.isTimingOut() ? key : undefined;
});

test('mapWithState - state timing out: one last call per idle key, then gone (Spark: found at checkpoint batches)', async () => {
  const { outputs, snapshots } = await runMapWithState(timingOutInput, markTimingOut.timeout(Seconds(3)), 20);
  assert.deepEqual(sorted(outputs.flat()), ['b', 'c']);
  // Spark looks for idle keys when the state is checkpointed: every 10 batches by default.
  assert.deepEqual(outputs[9].sort(), ['b', 'c']);
  assert.ok(snapshots.some((s) => JSON.stringify(sorted(s)) === JSON.stringify([['a', 1], ['b', 1], ['c', 1]])));
  assert.deepEqual(snapshots[snapshots.length - 1], [['a', 1]]);
});

test('mapWithState - with a 1 s checkpoint interval, a key times out as soon as it has been idle for the timeout', async () => {
  const spec = StateSpec.function((key: string, value: number | undefined, state: State<number>) => {
    if (value !== undefined) state.update(1);
    return state.isTimingOut() ? key : undefined;
  }).timeout(Seconds(3));
  const { outputs, snapshots } = await runMapWithState(timingOutInput, spec, 10, Seconds(1));
  // c last seen at 1 s, b at 2 s: idle for more than 3 s at 5 s and 6 s.
  assert.deepEqual(outputs.slice(0, 7), [[], [], [], [], ['c'], ['b'], []]);
  assert.deepEqual(sorted(snapshots[4]), [['a', 1], ['b', 1]]);
  assert.deepEqual(snapshots[5], [['a', 1]]);
});

test('a timing-out state cannot be updated or removed', async () => {
  const seen: string[] = [];
  const spec = StateSpec.function((_key: string, value: number | undefined, state: State<number>) => {
    if (value !== undefined) {
      state.update(1);
      return undefined;
    }
    for (const [name, f] of [['update', () => state.update(2)], ['remove', () => state.remove()]] as const) {
      try {
        f();
        seen.push(`${name} ok`);
      } catch (e) {
        seen.push(`${name} threw ${e instanceof EddyError ? e.code : 'other'}`);
      }
    }
    return state.get();
  }).timeout(Seconds(1));
  const { outputs } = await runMapWithState([['k']], spec, 4, Seconds(1));
  assert.deepEqual(seen, ['update threw illegal-state', 'remove threw illegal-state']);
  assert.deepEqual(outputs.flat(), [1], 'the last call sees the last state');
});

test('State: get() on missing state throws; update/remove after remove throw', async () => {
  const spec = StateSpec.function((key: string, value: number | undefined, state: State<number>) => {
    const attempt = (f: () => unknown): string => {
      try {
        f();
        return 'ok';
      } catch {
        return 'threw';
      }
    };
    const log: unknown[] = [state.exists(), attempt(() => state.get())];
    state.update(value as number);
    log.push(state.exists(), state.get(), state.isTimingOut());
    state.remove();
    log.push(state.exists(), attempt(() => state.update(7)), attempt(() => state.remove()));
    return [key, log];
  });
  const { outputs } = await runMapWithState([['a'], ['a', 'b']], spec);
  const expected = [false, 'threw', true, 1, false, false, 'threw', 'threw'];
  assert.deepEqual(sortedBatches(outputs), [[['a', expected]], [['a', expected], ['b', expected]]]);
});

test('StateSpec rejects bad arguments with a hint', () => {
  assert.throws(() => StateSpec.function((() => 1) as never).numPartitions(0), /at least 1/);
  assert.throws(() => StateSpec.function((() => 1) as never).timeout(Seconds(0)), /positive Duration/);
  assert.throws(() => StateSpec.function(42 as never), /needs a function/);
});

test('describe() of a mapWithState graph names the timeout and partitions', () => {
  const ssc = new StreamingContext(sparkContext(), Seconds(1), { clock: 'manual' });
  const s = ssc
    .queueStream<string>([])
    .map((x): KV => [x, 1])
    .mapWithState(StateSpec.function((_k: string, _v: number | undefined, _s) => 0).numPartitions(3).timeout(Seconds(30)));
  assert.match(s.toDebugString(), /InternalMapWithStateDStream.*3 partitions, timeout 30s/);
});
