// Issue 13 item 11: Spark's StateSpec.function((time, key, value, state) => Option[T]).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Seconds, StateSpec, StreamingContext, type State, type Time } from '../../kernel';
import { sparkContext, tempDir } from '../window/harness';

test('the timed form gets each batch time; undefined emits nothing; timeouts get their batch time too', async () => {
  const sc = sparkContext();
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual' });
  const dir = tempDir('eddy-state-time-');
  ssc.checkpoint(dir);
  const spec = StateSpec.function((time: Time, key: string, value: number | undefined, state: State<number>) => {
    if (state.isTimingOut()) return `${time.milliseconds}:${key} timed out`;
    const total = (state.exists() ? state.get() : 0) + (value ?? 0);
    state.update(total);
    return key === 'quiet' ? undefined : `${time.milliseconds}:${key}=${total}`;
  }).timeout(Seconds(2));
  const input = [['a', 'quiet'], ['a'], [], [], []];
  const stream = ssc
    .queueStream(input.map((b) => sc.parallelize(b, 1)))
    .map((x): [string, number] => [x, 1])
    .mapWithState(spec);
  stream.checkpoint(Seconds(1)); // a full scan (timeouts) every batch
  const outputs: string[][] = [];
  stream.foreachRDD(async (rdd) => void outputs.push((await rdd.collect()).sort()));
  ssc.start();
  await ssc.advance(input.length);
  await ssc.stop(false);
  fs.rmSync(dir, { recursive: true, force: true });
  // Spark's values: the mapped records carry the batch time; 'quiet' maps to None.
  assert.deepEqual(outputs, [['1000:a=1'], ['2000:a=2'], [], ['4000:quiet timed out'], ['5000:a timed out']]);
});

test('the three-parameter form is unchanged', () => {
  const spec = StateSpec.function((_k: string, v: number | undefined, _s: State<number>) => v);
  assert.equal(spec.timedFunction.length, 4);
  assert.equal(spec.mappingFunction.length, 3);
});
