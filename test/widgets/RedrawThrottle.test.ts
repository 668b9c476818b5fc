import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../kernel';
import { RedrawThrottle } from '../../widgets/RedrawThrottle';

test('redraws are coalesced to one per interval, and the last request is always drawn', () => {
  const clock = new ManualClock(0);
  let draws = 0;
  const throttle = new RedrawThrottle(clock, 100, () => draws++);
  throttle.request();
  assert.equal(draws, 1, 'the first request after a quiet spell draws at once');
  for (let i = 0; i < 50; i++) throttle.request();
  assert.equal(draws, 1, 'a burst inside the interval waits');
  clock.advance(99);
  assert.equal(draws, 1);
  clock.advance(1);
  assert.equal(draws, 2, 'the burst costs one draw, at the end of the interval');
  clock.advance(1000);
  assert.equal(draws, 2, 'nothing more was asked for');
  for (let t = 0; t < 1000; t += 10) {
    throttle.request();
    clock.advance(10);
  }
  assert.ok(draws - 2 <= 11 && draws - 2 >= 9, `about 10 draws a second under constant requests, got ${draws - 2}`);
});

test('cancel drops a pending redraw', () => {
  const clock = new ManualClock(0);
  let draws = 0;
  const throttle = new RedrawThrottle(clock, 100, () => draws++);
  throttle.request();
  throttle.request();
  throttle.cancel();
  clock.advance(500);
  assert.equal(draws, 1);
  assert.equal(clock.pendingTimers(), 0);
});
