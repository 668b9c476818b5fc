import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBackpressureScenario } from '../../bench/cases/backpressureScenario';

// The one long test: a TCP producer at ~10× capacity for 30 s of real time, after a capacity
// measurement; about 2 minutes on a loaded machine.
const HEAP_BOUND_MIB = 300;

test('backpressure under a 10× producer: rate converges, delay stops growing, heap stays bounded', { timeout: 300_000 }, async () => {
  const r = await runBackpressureScenario(30_000);
  const lastRate = r.rates.at(-1);
  assert.ok(r.rates.length >= 10, `the estimator published ${r.rates.length} rates`);
  assert.ok(lastRate !== undefined && lastRate < r.offeredRate / 5, `rate ${lastRate}/s is far below the ${r.offeredRate}/s offered`);
  assert.ok(r.delayStoppedGrowing, `scheduling delays ${r.schedulingDelays.join(',')} kept growing`);
  assert.ok(r.schedulingDelays.slice(-5).every((d) => d < 2000), `last delays ${r.schedulingDelays.slice(-5)} stay under 2 batches`);
  assert.ok(r.peakHeapMiB < HEAP_BOUND_MIB, `peak heap ${r.peakHeapMiB.toFixed(0)} MiB is over ${HEAP_BOUND_MIB} MiB`);
  assert.ok(r.processedRate > r.capacity * 0.3, `processed ${r.processedRate.toFixed(0)}/s of a ${r.capacity.toFixed(0)}/s capacity`);
});
