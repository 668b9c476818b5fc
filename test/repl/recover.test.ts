import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Seconds, Session, type DStream } from '../../kernel';

/**
 * Session.recoverContext, the kernel side of `:new --recover <dir>`: the recorded
 * definition cells are replayed on a new context, which StreamingContext.getOrCreate
 * recovers from the checkpoint. Here the "cells" are closures keyed by their text, as a
 * front would evaluate them; the terminal and notebook fronts are tested in
 * recoverRepl.test.ts.
 */
function quietSession(): { session: Session; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const session = new Session({ manual: true, batchDuration: Seconds(1), out: (t) => void out.push(t), err: (t) => void err.push(t), interrupts: false });
  return { session, out, err };
}

/** A stateful word count of the sample lines: its state is what a recovery must bring back. */
function cells(session: Session, dir: string, seen: Array<[number, Array<[string, number]>]>): Record<string, () => void> {
  let words: DStream<[string, number]> | undefined;
  return {
    [`ssc.checkpoint('${dir}')`]: () => session.ssc.checkpoint(dir),
    'const words = lines.flatMap(...)': () => {
      words = session.lines.flatMap((l) => l.split(' ')).map((w): [string, number] => [w, 1]);
    },
    'words.updateStateByKey(...).foreachRDD(...)': () => {
      (words as DStream<[string, number]>)
        .updateStateByKey<string, number, number>((vs, s) => (s ?? 0) + vs.length)
        .foreachRDD(async (rdd, time) => void seen.push([time.milliseconds, (await rdd.collect()).sort()]));
    },
  };
}

/** Runs `code` as a front would: marked before, recorded after. */
function run(session: Session, table: Record<string, () => void>, code: string): void {
  const mark = session.inputMark();
  table[code]();
  session.recordInput(code, mark);
}

const replayWith = (table: Record<string, () => void>, session: Session) => async (recorded: readonly string[]): Promise<void> => {
  for (const c of recorded) run(session, table, c);
};

const stateOf = (seen: Array<[number, Array<[string, number]>]>, t: number): Map<string, number> => new Map(seen.find(([x]) => x === t)?.[1]);

test('recoverContext replays the definition cells and getOrCreate brings the state back: the count goes on from the checkpoint', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-recover-'));
  const { session } = quietSession();
  try {
    const seen: Array<[number, Array<[string, number]>]> = [];
    const table = cells(session, dir, seen);
    for (const c of Object.keys(table)) run(session, table, c);
    session.ssc.start();
    run(session, { 'ssc.awaitTermination()': () => undefined }, 'ssc.awaitTermination()'); // after start: not a definition
    assert.deepEqual(session.definitions, Object.keys(table));
    await session.ssc.advance(3);
    const before = stateOf(seen, 3000);

    const seenAfter: Array<[number, Array<[string, number]>]> = [];
    const report = await session.recoverContext(dir, replayWith(cells(session, dir, seenAfter), session));
    assert.equal(report.cells, 3);
    assert.equal(report.started, false);
    assert.equal(report.checkpointTimeMs, 3000);
    assert.equal(session.ssc, report.ssc);
    assert.equal(session.ssc.checkpointDir, dir);
    assert.deepEqual(session.definitions, Object.keys(table), 'the replayed cells define the recovered context');
    session.ssc.start();
    await session.ssc.advance(1);
    // An uninterrupted run's batch 4000: the state at 3000 plus batch 4's words.
    const expected = new Map(before);
    for (const w of ['the', 'lazy', 'dog', 'sleeps', 'while', 'the', 'quick', 'fox', 'runs', 'small', 'batches', 'make', 'a', 'stream']) expected.set(w, (expected.get(w) ?? 0) + 1);
    assert.deepEqual(stateOf(seenAfter, 4000), expected);
    assert.equal(stateOf(seenAfter, 4000).get('the'), (before.get('the') ?? 0) + 2);
  } finally {
    await session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a replayed ssc.start() is held until the context is recovered, then starts it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-recover-'));
  const { session } = quietSession();
  try {
    const seen: Array<[number, Array<[string, number]>]> = [];
    const table = { ...cells(session, dir, seen), 'ssc.start()': () => session.ssc.start() };
    for (const c of Object.keys(table)) run(session, table, c);
    await session.ssc.advance(2);
    const seenAfter: Array<[number, Array<[string, number]>]> = [];
    const again = { ...cells(session, dir, seenAfter), 'ssc.start()': () => session.ssc.start() };
    const report = await session.recoverContext(dir, replayWith(again, session));
    assert.equal(report.started, true);
    assert.equal(session.ssc.getState(), 'ACTIVE');
    await session.ssc.advance(1);
    assert.equal(stateOf(seenAfter, 3000).get('the'), (stateOf(seen, 2000).get('the') ?? 0) + 2, 'batch 3 has two "the"');
  } finally {
    await session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('recoverContext: no such directory, nothing recorded, a different pipeline: clear errors, and then ssc is a fresh context', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-recover-'));
  const { session } = quietSession();
  try {
    await assert.rejects(session.recoverContext(path.join(dir, 'nope'), async () => undefined), /There is no checkpoint directory .*nope/);
    await assert.rejects(session.recoverContext(dir, async () => undefined), /Nothing to recover with: no input defined the pipeline/);
    const seen: Array<[number, Array<[string, number]>]> = [];
    const table = cells(session, dir, seen);
    for (const c of Object.keys(table)) run(session, table, c);
    session.ssc.start();
    await session.ssc.advance(2);
    // The same cells recorded, but the replay builds another pipeline: getOrCreate's error passes through.
    const other = async (): Promise<void> => {
      session.lines.map((l) => l.length).print();
    };
    await assert.rejects(session.recoverContext(dir, other), (e: Error) => {
      assert.match(e.message, /was written by a different pipeline: stream 1 was RDDFunctionDStream\[1\] flatMap .*now builds RDDFunctionDStream\[1\] map/);
      return true;
    });
    assert.equal(session.ssc.getState(), 'INITIALIZED');
    assert.notEqual(session.ssc.checkpointDir, dir, 'the fresh context does not write into the checkpoint it could not recover');
    assert.deepEqual(session.definitions, []);
    // The checkpoint is untouched: the right pipeline still recovers from it.
    const seenAfter: Array<[number, Array<[string, number]>]> = [];
    for (const c of Object.keys(table)) session.recordInput(c, { ssc: session.ssc, defining: true });
    const report = await session.recoverContext(dir, replayWith(cells(session, dir, seenAfter), session));
    assert.equal(report.checkpointTimeMs, 2000);
  } finally {
    await session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
