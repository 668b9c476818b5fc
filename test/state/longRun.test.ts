// Issue 13 item 4 and its long-run acceptance: updateStateByKey(...).print() (and the other
// state and inverse-window streams with print) cut their lineage every batch although print()
// reads only the first partitions, so heap and batch time stay flat.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { Seconds, StateSpec, StreamingContext, Time, type DStream, type RDD } from '../../kernel';
import { sparkContext, tempDir } from '../window/harness';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The length of the longest lineage chain below `rdd` (1 for an RDD with no dependencies). */
function lineageDepth(rdd: RDD<unknown>): number {
  let depth = 1;
  for (const dep of rdd.deps) depth = Math.max(depth, 1 + lineageDepth(dep.rdd));
  return depth;
}

test('20,000 batches of updateStateByKey(...).print() over 1,000 keys: heap and batch time flat', { timeout: 170_000 }, async () => {
  const sc = sparkContext();
  let printed = 0;
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual', out: () => void printed++ });
  const dir = tempDir('eddy-longrun-');
  ssc.checkpoint(dir);
  const keys = Array.from({ length: 1000 }, (_v, i): [string, number] => [`k${i}`, 1]);
  // Each batch: every key once (a default RDD for an empty queue, made once).
  const input = ssc.queueStream<[string, number]>([], true, sc.parallelize(keys, 2));
  const state = input.updateStateByKey<string, number, number>((vs, s) => (s ?? 0) + vs.length);
  state.print();
  ssc.start();

  const BATCHES = 20_000;
  const WINDOW = 1_000;
  const times: number[] = [];
  const cpu = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let heapFirst = 0;
  let cpuFirst = 0;
  let cpuLast = 0;
  let cpuAt = cpu();
  for (let b = 1; b <= BATCHES; b++) {
    const started = process.hrtime.bigint();
    await ssc.advance(1);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (b === WINDOW) {
      cpuFirst = cpu() - cpuAt;
      heapFirst = heapAfterGc();
    }
    if (b === BATCHES - WINDOW) cpuAt = cpu();
  }
  cpuLast = cpu() - cpuAt;
  const heapLast = heapAfterGc();
  const last = state.rememberedTimes().at(-1);
  const finalStates = await (state as DStream<[string, number]>).slice(last!, last!)[0].collect();
  await ssc.stop(false);
  fs.rmSync(dir, { recursive: true, force: true });

  assert.equal(printed, BATCHES);
  assert.equal(finalStates.length, 1000);
  assert.ok(finalStates.every(([, n]) => n === BATCHES), 'every key counted once per batch');
  const firstMs = median(times.slice(0, WINDOW));
  const lastMs = median(times.slice(-WINDOW));
  const summary =
    `CPU per batch ${(cpuFirst / WINDOW).toFixed(3)} ms (first 1,000) vs ${(cpuLast / WINDOW).toFixed(3)} ms (last 1,000); ` +
    `median wall ${firstMs.toFixed(3)} vs ${lastMs.toFixed(3)} ms; heap after GC ${(heapFirst / 2 ** 20).toFixed(1)} vs ${(heapLast / 2 ** 20).toFixed(1)} MiB`;
  console.log(summary);
  // why CPU time: on a shared, loaded machine wall time measures the neighbours; a growing
  // lineage shows in both (it grew linearly, and overflowed the stack near batch 14,000).
  assert.ok(cpuLast <= cpuFirst * 1.2, `batch time grew: ${summary}`);
  assert.ok(heapLast <= heapFirst * 1.2, `heap grew: ${summary}`);
});

test('state and inverse-window streams with print() are computed whole and cut every batch', async () => {
  const sc = sparkContext();
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual', out: () => undefined });
  const dir = tempDir('eddy-cut-');
  ssc.checkpoint(dir);
  const words = ssc.queueStream<string>([], true, sc.parallelize(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], 4));
  const pairs = words.map((w): [string, number] => [w, 1]);
  const streams: Array<DStream<unknown>> = [
    pairs.updateStateByKey<string, number, number>((vs, s) => (s ?? 0) + vs.length, 4) as DStream<unknown>,
    pairs.mapWithState(StateSpec.function((_k: string, v: number | undefined, st) => { st.update((st.exists() ? (st.get() as number) : 0) + (v ?? 0)); return v; }).numPartitions(4)).stateSnapshots() as DStream<unknown>,
    pairs.reduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, Seconds(3), Seconds(1), 4) as DStream<unknown>,
    words.countByValueAndWindow(Seconds(3), Seconds(1), 4) as DStream<unknown>,
  ];
  for (const s of streams) s.print(1); // reads one partition of four
  ssc.start();
  await ssc.advance(30);
  for (const s of streams) {
    const now = new Time(ssc.clock.now());
    const rdd = s.slice(now, now)[0] as RDD<unknown> | undefined;
    assert.ok(rdd, `${s} has this batch's RDD`);
    assert.ok(lineageDepth(rdd) <= 6, `${s}: lineage depth ${lineageDepth(rdd)} after 30 batches\n${rdd.toDebugString()}`);
  }
  await ssc.stop(false);
  fs.rmSync(dir, { recursive: true, force: true });
});
