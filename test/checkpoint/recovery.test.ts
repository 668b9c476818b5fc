import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Milliseconds, Seconds, SparkConf, SparkContext, StreamingContext } from '../../kernel';
import { activeContext } from '../../kernel/streaming/activeContext';

const sc = new SparkContext(new SparkConf().setAppName('checkpoint-test').setMaster('local[2]'));

afterEach(async () => {
  await StreamingContext.getActive()?.stop(false);
});

function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `eddy-${label}-`));
}

interface Run {
  ssc: StreamingContext;
  /** `[batch ms, sorted "k=v" states]` per batch. */
  states: Array<[number, string[]]>;
  err: string[];
}

/** The stateful word count over a directory, on a manual clock, checkpointing to `ckpt`. */
function wordCount(ckpt: string, input: string, stateInterval?: number, hang?: { timeMs: number; until: Promise<void> }): { create: () => StreamingContext; run: Run } {
  const run = { states: [], err: [] } as unknown as Run;
  const create = (): StreamingContext => {
    const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual', err: (t) => run.err.push(t) });
    ssc.checkpoint(ckpt);
    const words = ssc.textFileStream(input).flatMap((l) => l.split(' ')).map((w): [string, number] => [w, 1]);
    const counts = words.updateStateByKey<string, number, number>((vs, s) => (s ?? 0) + vs.length);
    if (stateInterval !== undefined) counts.checkpoint(Milliseconds(stateInterval));
    counts.foreachRDD(async (rdd, time) => {
      if (hang?.timeMs === time.milliseconds) await hang.until;
      const kv = await rdd.collect();
      run.states.push([time.milliseconds, kv.map(([k, v]) => `${k}=${v}`).sort()]);
    });
    run.ssc = ssc;
    return ssc;
  };
  return { create, run };
}

let fileSeq = 0;
function drop(dir: string, text: string): void {
  const name = `f${fileSeq++}.txt`;
  fs.writeFileSync(path.join(dir, `.${name}`), text);
  fs.renameSync(path.join(dir, `.${name}`), path.join(dir, name));
}

for (const interval of [undefined, 1000]) {
  test(`getOrCreate restores updateStateByKey state: a=3, b=1 as in Spark (state checkpoint ${interval ?? 'default 10 s'})`, async () => {
    const ckpt = tempDir('ckpt');
    const input = tempDir('in');
    const first = wordCount(ckpt, input, interval);
    const ssc1 = StreamingContext.getOrCreate(ckpt, first.create);
    ssc1.start();
    drop(input, 'a a');
    await ssc1.advance(1);
    await ssc1.stop(false);
    assert.deepEqual(first.run.states, [[1000, ['a=2']]]);
    assert.ok(fs.readdirSync(ckpt).includes('checkpoint-1000'), `a checkpoint file is written: ${fs.readdirSync(ckpt)}`);
    assert.equal(fs.readdirSync(ckpt).some((f) => f.startsWith('data-')), interval === 1000, 'state data is written on its interval');

    const second = wordCount(ckpt, input, interval);
    const ssc2 = StreamingContext.getOrCreate(ckpt, second.create);
    ssc2.start();
    drop(input, 'a b');
    await ssc2.advance(1);
    await ssc2.stop(false);
    assert.deepEqual(second.run.states, [[2000, ['a=3', 'b=1']]]);
  });
}

test('batches pending at the crash are run again first, with their own times', async () => {
  const ckpt = tempDir('ckpt');
  const input = tempDir('in');
  let release: () => void = () => {};
  const blocked = new Promise<void>((r) => (release = r));
  // Batch 2's output never finishes before the "crash".
  const first = wordCount(ckpt, input, undefined, { timeMs: 2000, until: blocked });
  const ssc1 = first.create();
  ssc1.start();
  drop(input, 'a');
  await ssc1.advance(1);
  drop(input, 'b');
  const stepping = ssc1.advance(1);
  await waitFor(() => ssc1.scheduler.pendingBatches().length === 1 && ssc1.checkpointing.lastWrite?.timeMs === 2000);
  await ssc1.checkpointing.flush();
  // The process "dies" here: the old context is abandoned, not stopped.
  activeContext.clear(ssc1);

  const second = wordCount(ckpt, input);
  const ssc2 = StreamingContext.getOrCreate(ckpt, second.create);
  ssc2.start();
  await ssc2.advance(1);
  assert.deepEqual(second.run.states, [
    [2000, ['a=1', 'b=1']],
    [3000, ['a=1', 'b=1']],
  ]);
  assert.match(second.run.err.join(''), /Recovered from .*checkpoint-2000: 1 batch\(es\) to run again \(2000 to 2000 ms\)/);
  release();
  await stepping;
  await ssc2.stop(false);
  await ssc1.stop(false);
});

async function waitFor(cond: () => boolean, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('a graph that differs from the checkpoint is refused, naming the first stream that differs', async () => {
  const ckpt = tempDir('ckpt');
  const input = tempDir('in');
  const first = wordCount(ckpt, input);
  const ssc1 = first.create();
  ssc1.start();
  await ssc1.advance(1);
  await ssc1.stop(false);
  assert.throws(
    () =>
      StreamingContext.getOrCreate(ckpt, () => {
        const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual' });
        ssc.textFileStream(input).map((l) => l.length).print();
        return ssc;
      }),
    (e: Error) =>
      /stream 1 was FlatMappedDStream\[1\]|stream 1 was \w+\[1\] flatMap/.test(e.message) &&
      /now builds \w+\[1\] map/.test(e.message) &&
      /delete .*to start afresh/.test(e.message),
  );
});

test('a corrupt newest checkpoint falls back to the previous one, with a warning naming the file', async () => {
  const ckpt = tempDir('ckpt');
  const input = tempDir('in');
  const first = wordCount(ckpt, input);
  const ssc1 = first.create();
  ssc1.start();
  drop(input, 'a');
  await ssc1.advance(2);
  await ssc1.stop(false);
  const newest = path.join(ckpt, 'checkpoint-2000');
  const bytes = fs.readFileSync(newest);
  fs.writeFileSync(newest, bytes.subarray(0, bytes.length - 7)); // torn write
  const second = wordCount(ckpt, input);
  const ssc2 = StreamingContext.getOrCreate(ckpt, second.create);
  assert.match(second.run.err.join(''), new RegExp(`Checkpoint ${newest.replace(/[/\\]/g, '.')} cannot be read \\(.*truncated.*\\); trying the previous checkpoint`));
  ssc2.start();
  await ssc2.advance(1);
  // checkpoint-1000 was last written when batch 1000 was generated: it runs again, then the next step.
  assert.deepEqual(second.run.states, [
    [1000, ['a=1']],
    [2000, ['a=1']],
  ]);
});

test('getOrCreate of an unreadable checkpoint directory is an error, never a fresh start', () => {
  const file = path.join(tempDir('ckpt'), 'not-a-dir');
  fs.writeFileSync(file, 'x');
  let created = 0;
  assert.throws(
    () =>
      StreamingContext.getOrCreate(file, () => {
        created++;
        return new StreamingContext(sc, Seconds(1), { clock: 'manual' });
      }),
    /Cannot read the checkpoint directory .*not-a-dir/,
  );
  assert.equal(created, 0);
  const dir = tempDir('ckpt');
  fs.writeFileSync(path.join(dir, 'checkpoint-1000'), 'garbage');
  assert.throws(() => StreamingContext.getOrCreate(dir, () => new StreamingContext(sc, Seconds(1))), /No checkpoint in .* can be read: checkpoint-1000: .*not an Eddy checkpoint/);
});

test('no checkpoint: getOrCreate calls create() and sets the directory', async () => {
  const ckpt = path.join(tempDir('ckpt'), 'fresh');
  let created = 0;
  const ssc = StreamingContext.getOrCreate(ckpt, () => {
    created++;
    return new StreamingContext(sc, Seconds(1), { clock: 'manual' });
  });
  assert.equal(created, 1);
  assert.equal(ssc.checkpointDir, ckpt);
});

class Counter {
  n = 0;
}

test('a state value that cannot be checkpointed fails at the first checkpoint, naming the key and the type', async () => {
  const ckpt = tempDir('ckpt');
  const input = tempDir('in');
  const err: string[] = [];
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual', err: (t) => err.push(t) });
  ssc.checkpoint(ckpt);
  ssc.textFileStream(input)
    .map((w): [string, number] => [w, 1])
    .updateStateByKey<string, number, Counter>((vs, s) => {
      const c = s ?? new Counter();
      c.n += vs.length;
      return c;
    })
    .checkpoint(Seconds(1))
    .foreachRDD(() => {});
  const failed = ssc.awaitTermination().then(
    () => assert.fail('awaitTermination should reject'),
    (e: Error) => e,
  );
  ssc.start();
  drop(input, 'apple');
  await ssc.advance(1);
  await ssc.checkpointing.flush();
  const error = await failed;
  assert.match(error.message, /Cannot checkpoint StateDStream\[\d+\] updateStateByKey: the state of key apple holds an instance of class Counter/);
  assert.match(err.join(''), /Checkpoint to .* failed: .*class Counter/);
});

test('checkpoint(interval) is checked at start: a multiple of the slide, at least the slide', async () => {
  const make = (interval: number) => {
    const ssc = new StreamingContext(sc, Seconds(10), { clock: 'manual' });
    ssc.checkpoint(tempDir('ckpt'));
    ssc.queueStream<number>([]).checkpoint(Seconds(interval)).print();
    return ssc;
  };
  assert.throws(() => make(65).start(), /checkpoint interval of .* is 65000 ms, which is not a multiple of its slide \(10000 ms\).*Set it to a multiple of 10000 ms/);
  assert.throws(() => make(5).start(), /checkpoint interval of .* is 5000 ms, shorter than its slide \(10000 ms\)/);
  const ok = make(20);
  ok.start();
  await ok.stop(false);
});

test("queueStream with checkpointing is refused with Spark's reason, unless opted out (or stepped on a manual clock)", async () => {
  const system = new StreamingContext(sc, Seconds(1));
  system.checkpoint(tempDir('ckpt'));
  system.queueStream([[1]]).print();
  assert.throws(() => system.start(), /queueStream doesn't support checkpointing\. Please don't use queueStream when checkpointing is enabled\..*withoutRecovery/);
  // Spark: "Error starting the context, marking it as stopped"
  assert.equal(system.getState(), 'STOPPED');

  const optedOut = new StreamingContext(sc, Seconds(1));
  optedOut.checkpoint(tempDir('ckpt'));
  optedOut.queueStream([[1]]).withoutRecovery().print();
  optedOut.start();
  await optedOut.stop(false);

  const manual = new StreamingContext(sc, Seconds(1), { clock: 'manual', out: () => {} });
  manual.checkpoint(tempDir('ckpt'));
  manual.queueStream([[1]]).print();
  manual.start();
  await manual.advance(1);
  await manual.stop(false);
});

test('saveAsTextFiles is idempotent per batch time: a re-run batch replaces its directory', async () => {
  const out = tempDir('out');
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual' });
  const q: number[][] = [[1, 2]];
  ssc.queueStream(q).saveAsTextFiles(path.join(out, 'n'));
  ssc.start();
  await ssc.advance(1);
  await ssc.stop(false);
  fs.writeFileSync(path.join(out, 'n-1000', 'part-00000'), 'stale\n');
  const again = new StreamingContext(sc, Seconds(1), { clock: 'manual' });
  again.queueStream([[3]]).saveAsTextFiles(path.join(out, 'n'));
  again.start();
  await again.advance(1);
  await again.stop(false);
  const lines = fs.readdirSync(path.join(out, 'n-1000')).filter((f) => f.startsWith('part-')).map((f) => fs.readFileSync(path.join(out, 'n-1000', f), 'utf8')).join('');
  assert.equal(lines, '3\n');
  assert.ok(fs.existsSync(path.join(out, 'n-1000', '_SUCCESS')));
});
