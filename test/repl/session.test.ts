import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Milliseconds, Seconds, Session, StreamingContext, sampleLinesFor } from '../../kernel';
import { renderTimeline } from '../../repl/renderTimeline';

function quietSession(manual = true): { session: Session; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const session = new Session({ manual, batchDuration: Seconds(1), out: (t) => void out.push(t), err: (t) => void err.push(t) });
  return { session, out, err };
}

test('a session has sc, an ssc with its own checkpoint dir, and the sample stream; close removes its folder', async () => {
  const { session } = quietSession();
  assert.equal(session.ssc.sparkContext, session.sc);
  assert.ok(session.ssc.checkpointDir?.startsWith(session.dir));
  assert.ok(fs.existsSync(session.ssc.checkpointDir as string));
  assert.equal(session.ssc.getState(), 'INITIALIZED');
  await session.close();
  assert.equal(fs.existsSync(session.dir), false);
  assert.equal(session.sc.isStopped, true);
});

test('the sample stream gives the next lines each batch, and windows and state work at once', async () => {
  const { session, out } = quietSession();
  const seen: string[][] = [];
  session.lines.foreachRDD(async (rdd) => void seen.push(await rdd.collect()));
  session.lines.map((l): [string, number] => [l, 1]).updateStateByKey((vs: number[], s: number | undefined) => (s ?? 0) + vs.length).count().print();
  session.ssc.start();
  await session.ssc.advance(3);
  assert.deepEqual(seen, [sampleLinesFor(0), sampleLinesFor(1), sampleLinesFor(2)]);
  assert.match(out.join(''), /Time: 3000 ms\n-+\n6\n/);
  await session.close();
});

test('newContext stops the old context with stop(false), keeps sc, and repeats the settings unless told', async () => {
  const { session } = quietSession();
  const { sc, ssc: first } = session;
  let changes = 0;
  session.onChange(() => changes++);
  session.lines.count().print();
  first.start();
  const second = await session.newContext({ batchDuration: Milliseconds(500) });
  assert.equal(first.getState(), 'STOPPED');
  assert.equal(session.sc, sc);
  assert.equal(sc.isStopped, false);
  assert.equal(second.batchDuration.milliseconds, 500);
  assert.equal(session.isManual, false, 'an interval without --manual means the system clock');
  assert.notEqual(second.checkpointDir, first.checkpointDir);
  const third = await session.newContext();
  assert.equal(third.batchDuration.milliseconds, 500);
  assert.equal(changes, 2);
  await assert.rejects(session.newContext({ batchDuration: Milliseconds(0) }), /positive duration/);
  await session.close();
});

test('stopAll stops sc; the next context gets a fresh sc; restart clears the active registry', async () => {
  const { session } = quietSession();
  const sc = session.sc;
  session.lines.count().print();
  session.ssc.start();
  assert.equal(StreamingContext.getActive(), session.ssc);
  await session.stopAll();
  assert.equal(sc.isStopped, true);
  await session.newContext();
  assert.notEqual(session.sc, sc);
  assert.equal(session.sc.isStopped, false);
  session.lines.count().print();
  session.ssc.start();
  await session.restart();
  assert.equal(StreamingContext.getActive(), undefined);
  assert.equal(session.ssc.getState(), 'INITIALIZED');
  await session.close();
});

test('step records per batch what each stream held, and the timeline shows the window coverage', async () => {
  const { session } = quietSession();
  const words = session.lines.flatMap((l) => l.split(' '));
  words.window(Seconds(2), Seconds(1)).count().print();
  session.ssc.start();
  const report = await session.step(3);
  assert.deepEqual(report.batches.map((b) => b.time), [1000, 2000, 3000]);
  const input = report.lanes.find((l) => l.isInput);
  assert.ok(input);
  assert.deepEqual(report.batches[0].cells.get(input.id)?.sample, sampleLinesFor(0));
  const window = report.lanes.find((l) => l.windowMs === 2000);
  assert.ok(window, 'the windowed stream is recognised');
  const flat = report.lanes.find((l) => l.label.startsWith('flatMap'));
  assert.ok(flat);
  const counts = (id: number): number[] => report.batches.map((b) => b.cells.get(id)?.count ?? -1);
  const c = counts(flat.id);
  assert.deepEqual(counts(window.id), [c[0], c[0] + c[1], c[1] + c[2]]);
  const drawing = renderTimeline(report, 120);
  assert.match(drawing, /^ {2}@1000 covers\s+\|\[=+\]\|/m);
  assert.match(drawing, /^ {2}@2000 covers\s+\|\[=+\]\|$/m);
  assert.match(drawing, /^ {2}@3000 covers\s+\|\s+\|\[=+\]$/m);
  // Processing is stamped with wall time even on the manual clock (issue 13 item 7).
  assert.ok(report.batches.every((b) => b.processingMs !== undefined && b.processingMs >= 0), JSON.stringify(report.batches.map((b) => b.processingMs)));
  assert.match(drawing, /^processing\s+\| \d+ ms\s+\| \d+ ms\s+\| \d+ ms$/m);
  assert.equal(session.status().batchesCompleted, 3);
  assert.match(session.graph(), /WindowedDStream.*remembers 1 RDD \[3000\]/);
  await session.close();
});

test('step refuses a system clock and bad counts with what to do', async () => {
  const { session } = quietSession(false);
  assert.throws(() => session.step(1), /manual clock.*:new 1s --manual/);
  await session.newContext({ batchDuration: Seconds(1), manual: true });
  assert.throws(() => session.step(0), /positive whole number/);
  await session.close();
});

test('the session checkpoint folder is written to, and :status shows the last checkpoint time and size', async () => {
  const { session } = quietSession();
  session.lines.map((l): [string, number] => [l, 1]).updateStateByKey((vs: number[], s: number | undefined) => (s ?? 0) + vs.length).foreachRDD(() => {});
  assert.equal(session.status().lastCheckpoint, undefined);
  session.ssc.start();
  await session.ssc.advance(2);
  await session.ssc.checkpointing.flush();
  const last = session.status().lastCheckpoint;
  assert.ok(last !== undefined && last.time === 2000 && last.bytes > 0, JSON.stringify(last));
  assert.ok(fs.readdirSync(session.ssc.checkpointDir as string).includes('checkpoint-2000'));
  const { formatStatus } = await import('../../repl/formatStatus');
  assert.match(formatStatus(session.status()), /checkpoint .*last at batch 2000 ms \(\d+ bytes, written /);
  await session.close();
});
