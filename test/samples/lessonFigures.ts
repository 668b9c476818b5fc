import assert from 'node:assert/strict';

/**
 * What each lesson's text states, checked against what the lesson printed when it ran.
 * Each check first asserts that the text states the figure (so text and test move
 * together), then that the run shows it. Keyed by lesson file name.
 */
export const LESSON_FIGURES: Record<string, (out: string, text: string) => void> = {
  '01-micro-batches.ts': (out, text) => {
    states(text, '7, 11, 14, 7 and 12 lines in the five batches');
    states(text, 'each batch in 3 to 5 partitions, one per non-empty 200 ms block');
    const batches = matches(out, /^batch (\d+) ms: (\d+) lines in (\d+) partitions (\[[\d,]*\])$/gm);
    assert.deepEqual(batches.map((m) => Number(m[2])), [7, 11, 14, 7, 12], out);
    for (const m of batches) {
      const sizes = JSON.parse(m[4]) as number[];
      assert.equal(sizes.length, Number(m[3]), 'one partition per block');
      assert.ok(sizes.every((n) => n > 0), `no empty partition: ${m[0]}`);
      assert.ok(sizes.length >= 3 && sizes.length <= 5, m[0]);
    }
    states(text, 'the shuffle of reduceByKey sits on the BlockRDD of that batch');
    assert.match(out, /ShuffledRDD\[\d+\] at reduceByKey[\s\S]*BlockRDD\[\d+\] at sampleStream\(words\)/);
  },

  '02-windows.ts': (out, text) => {
    states(text, '10 windows in 20 batches, the first ending at\n// 2000 ms');
    const windows = matches(out, /^window ending (\d+) ms: (.*); #launch (\d+)$/gm);
    assert.deepEqual(windows.map((m) => Number(m[1])), [2000, 4000, 6000, 8000, 10000, 12000, 14000, 16000, 18000, 20000], out);
    states(text, '#launch enters in the window ending 12000 ms (4 posts)');
    const firstLaunch = windows.find((m) => Number(m[3]) > 0);
    assert.equal(firstLaunch?.[1], '12000');
    assert.equal(firstLaunch?.[3], '4');
    states(text, 'overtakes #coffee in the window ending 18000 ms (95 against 88)');
    const leads = windows.filter((m) => m[2].startsWith('#launch '));
    assert.equal(leads[0]?.[1], '18000');
    assert.match(leads[0][2], /^#launch 95, #coffee 88/);
    states(text, 'A slide that is not a multiple of the batch interval is refused, saying why');
    assert.match(out, /slide duration \(1500 ms\) must be a positive multiple of the parent stream's slide duration \(1000 ms\)/);
  },

  '03-inverse-reduce.ts': (out, text) => {
    const rows = matches(out, /^(\d+) ms: (\d+) users, inverse form (agrees|DIFFERS); zero-count keys kept: (\d+), with filterF: (\d+)$/gm);
    assert.equal(rows.length, 8, out);
    assert.ok(rows.every((m) => m[3] === 'agrees'), 'the inverse form agrees with the plain one in every window');
    states(text, '"zero-count keys kept" grows');
    const zeros = rows.map((m) => Number(m[4]));
    assert.ok(zeros.every((z, i) => i === 0 || z >= zeros[i - 1]) && zeros[zeros.length - 1] > zeros[0], `zero-count keys grow: ${zeros}`);
    states(text, 'with filterF the count is always 0');
    assert.ok(rows.every((m) => m[5] === '0'));
  },

  '04-state-timeouts.ts': (out, text) => {
    const blocks = printBlocks(out);
    const counts = blocks.filter((b) => b.lines.length === 1 && /^\d+$/.test(b.lines[0]));
    const s05 = blocks.filter((b) => b.lines.length === 1 && b.lines[0].startsWith('(s05,'));
    states(text, "s05's last reading before its silence comes in\n// the batch of 8000 ms");
    const totalAt = (t: number) => s05.find((b) => b.time === t)?.lines[0];
    assert.notEqual(totalAt(7000), totalAt(8000));
    assert.equal(totalAt(8000), totalAt(9000), 'no reading after 8000 ms');
    states(text, 'the batch\n// of 14000 ms prints "s05 timed out after 81 readings"');
    const timedOut = blocks.filter((b) => b.lines.some((l) => l.includes('timed out')));
    assert.deepEqual(timedOut.map((b) => [b.time, b.lines]), [[14000, ['s05 timed out after 81 readings']]]);
    states(text, 'the state snapshot count drops\n// from 8 to 7 there; at 15000 ms s05 speaks again and the count is back to 8');
    assert.deepEqual(counts.map((b) => [b.time, b.lines[0]]).filter(([t]) => Number(t) >= 13000), [[13000, '8'], [14000, '7'], [15000, '8'], [16000, '8']]);
    states(text, "it still holds s05's total, (s05,81), through the silence");
    for (const t of [8000, 11000, 14000]) assert.equal(totalAt(t), '(s05,81)');
  },

  '05-receivers-backpressure.ts': (out, text) => {
    states(text, 'The burst lands in the batch of 7000 ms: 758 records without a limit');
    const unlimited = numbersAfter(out, 'no limit:');
    const limited = numbersAfter(out, 'maxRate 300/s:');
    assert.equal(unlimited[6], 758, out);
    states(text, 'With maxRate 300/s\n// that batch still holds 593: its own 300 plus 293 permits banked');
    assert.equal(limited[6], 593);
    assert.ok(limited.slice(0, 6).every((n) => n < 300) && sum(limited.slice(0, 6)) === sum(unlimited.slice(0, 6)), 'the batches before it stayed under the limit');
    states(text, 'The 165 records held back come in the\n// next two batches (300 and 282 instead of 224 and 193): both runs total 2808 records');
    assert.deepEqual(limited.slice(7, 9), [300, 282]);
    assert.deepEqual(unlimited.slice(7, 9), [224, 193]);
    assert.equal(unlimited[6] - limited[6], 165);
    assert.equal(sum(unlimited.slice(0, 11)), 2808);
    assert.equal(sum(limited.slice(0, 11)), 2808);

    const rows = matches(out, /^(\d+) rec in (\d+) ms.*, processed at (\d+|-) rec\/s -> rate set: (none|\d+\/s)$/gm).map((m) => ({
      records: Number(m[1]),
      processingMs: Number(m[2]),
      rate: m[4] === 'none' ? undefined : Number.parseInt(m[4], 10),
    }));
    assert.ok(rows.length >= 3, `the live part ran batches:\n${out}`);
    states(text, 'the first batch with records sets no rate');
    const first = rows.findIndex((r) => r.records > 0 && r.processingMs > 0);
    assert.equal(rows[first].rate, undefined, JSON.stringify(rows[first]));
    states(text, 'every rate set is at most the rate its batch was processed at');
    states(text, 'never under spark.streaming.backpressure.pid.minRate (100/s)');
    const set = rows.filter((r) => r.rate !== undefined);
    assert.ok(set.length >= 1, 'backpressure set at least one rate');
    for (const r of set) {
      const processedAt = (r.records / r.processingMs) * 1000;
      assert.ok(r.rate! <= Math.max(100, Math.ceil(processedAt)), `rate ${r.rate} after ${r.records} records in ${r.processingMs} ms`);
      assert.ok(r.rate! >= 100, `rate ${r.rate} is at least minRate`);
    }
  },

  '06-batch-interval.ts': (out, text) => {
    const rows = matches(out, /^interval +(\d+) ms: (\d+) batches, ~(\d+) ms latency, can sustain ~(\d+) records\/s$/gm).map((m) => ({
      interval: Number(m[1]),
      latency: Number(m[3]),
      capacity: Number(m[4]),
    }));
    assert.deepEqual(rows.map((r) => r.interval), [100, 250, 500, 1000], out);
    states(text, 'the 1 s\n// interval can sustain at least twice the records/s of the 100 ms one');
    assert.ok(rows[3].capacity >= 2 * rows[0].capacity, JSON.stringify(rows));
    states(text, 'its latency is at least 500 ms');
    assert.ok(rows[3].latency >= 500, JSON.stringify(rows));
    states(text, '1000 / 40 = 25\n// records/s');
    assert.match(out, /record-at-a-time with a 40 ms cost per record: ~25 records\/s/);
  },
};

/** The lesson's text (its comments, joined as written) states `phrase`. */
function states(text: string, phrase: string): void {
  assert.ok(text.includes(phrase), `the lesson text should state: ${phrase}`);
}

function matches(out: string, re: RegExp): RegExpExecArray[] {
  return [...out.matchAll(re)];
}

function numbersAfter(out: string, label: string): number[] {
  const line = out.split('\n').find((l) => l.startsWith(label));
  assert.ok(line, `a line starting "${label}" in:\n${out}`);
  return line.slice(label.length).replace(/\(.*\)/, '').trim().split(/\s+/).map(Number);
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/** print() output: a dashed rule, `Time: N ms`, a dashed rule, then its lines up to a blank line. */
function printBlocks(out: string): Array<{ time: number; lines: string[] }> {
  const blocks: Array<{ time: number; lines: string[] }> = [];
  const re = /^-{10,}\nTime: (\d+) ms\n-{10,}\n((?:.+\n)*)/gm;
  for (const m of out.matchAll(re)) blocks.push({ time: Number(m[1]), lines: m[2].split('\n').filter((l) => l.trim() !== '') });
  return blocks;
}
