import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { drive, installedKernel, missing, type JupyterHome } from './jupyterHarness';
import { requireOrSkip } from '../../support/requireOrSkip';

let home: JupyterHome | undefined;
before(() => {
  if (!missing) home = installedKernel();
});
after(() => home?.close());

test('interrupt (message and signal) stops a runaway or waiting cell and a runaway batch function; variables stay; restart gives a fresh session', async (t) => {
  if (!requireOrSkip(t, missing)) return;
  const f = await drive('interrupt', home!.env);
  for (const key of ['message_mode_loop', 'message_mode_await', 'signal_mode_loop', 'stream_interrupt']) {
    assert.equal(f[key].status, 'error', key);
    assert.equal(f[key].ename, 'KeyboardInterrupt', key);
    assert.equal(f[key].heartbeat_while_busy, true, `${key}: the heartbeat answers while the cell runs`);
  }
  for (const key of ['message_mode_loop', 'message_mode_await', 'signal_mode_loop']) assert.equal(f[key].presses, 1, `${key}: one Interrupt`);
  // Known: an await on a running real-clock stream sometimes needs a second Interrupt (a SIGINT
  // that lands while a batch task runs fails that batch; the race is not understood yet)
  assert.ok(f.stream_interrupt.presses <= 2, `stream_interrupt took ${f.stream_interrupt.presses} Interrupts`);
  assert.equal(f.after_loop, "'still here true'");
  assert.equal(f.after_signal, "'still here'");
  assert.match(f.stream_interrupt.evalue, /stopped with stop\(false\)/);
  assert.equal(f.state_after, "'STOPPED false'");
  // the next cell (which waits 300 ms, so the runaway batch is stuck by then) finishes after the Interrupt
  assert.equal(f.batch_runaway.status, 'ok');
  assert.equal(f.state_after_batch, "'STOPPED false still here'");
  assert.equal(f.after_restart, "'undefined INITIALIZED false'");
});
