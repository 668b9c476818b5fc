import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock, SparkConf, SparkContext, StreamingContext, Seconds } from '../../kernel';
import { RecurringTimer } from '../../kernel/scheduler/RecurringTimer';

test('manual clock fires due timers in time order, then in the order they were set', () => {
  const clock = new ManualClock(0);
  const fired: string[] = [];
  clock.schedule(300, () => fired.push(`c@${clock.now()}`));
  clock.schedule(100, () => fired.push(`a@${clock.now()}`));
  clock.schedule(100, () => fired.push(`b@${clock.now()}`));
  clock.advance(99);
  assert.deepEqual(fired, []);
  clock.advance(250);
  assert.deepEqual(fired, ['a@100', 'b@100', 'c@300']);
  assert.equal(clock.now(), 349);
});

test('a cancelled timer never fires; a timer set in the past fires at once', () => {
  const clock = new ManualClock(1000);
  let n = 0;
  const cancel = clock.schedule(1500, () => n++);
  cancel();
  clock.advance(1000);
  assert.equal(n, 0);
  clock.schedule(10, () => n++);
  assert.equal(n, 1);
  assert.throws(() => clock.advance(-1), /non-negative/);
});

test('a recurring timer ticks on exact multiples, starting after now', () => {
  const clock = new ManualClock(250);
  const ticks: number[] = [];
  const timer = new RecurringTimer(clock, 100, (t) => ticks.push(t));
  assert.equal(timer.start(), 300);
  clock.setTime(620);
  assert.deepEqual(ticks, [300, 400, 500, 600]);
  assert.equal(timer.stop(), 600);
  clock.advance(1000);
  assert.equal(ticks.length, 4);
});

test('the clock is chosen once: manual, system, or one passed in (a ManualClock passed in steps too)', async () => {
  const sc = new SparkContext(new SparkConf().setAppName('clock-choice').setMaster('local[1]'));
  const mine = new ManualClock(5000);
  const cases: Array<[StreamingContext, boolean]> = [
    [new StreamingContext(sc, Seconds(1), { clock: 'manual' }), true],
    [new StreamingContext(sc, Seconds(1)), false],
    [new StreamingContext(sc, Seconds(1), { clock: 'system' }), false],
    [new StreamingContext(sc, Seconds(1), { clock: mine }), true],
  ];
  for (const [ssc, manual] of cases) assert.equal(ssc.isManualClock, manual, String(ssc));
  assert.equal(cases[3][0].clock, mine);
  await sc.stop();
});
