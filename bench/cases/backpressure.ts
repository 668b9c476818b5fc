import type { BenchCase } from '../BenchCase';
import { runBackpressureScenario } from './backpressureScenario';

/**
 * A socket source at ~10× what the pipeline can process, for 30 s, backpressure on, with
 * spark.streaming.backpressure.initialRate (`backpressure`) and without it
 * (`backpressure-no-initial-rate`: the first batch takes what arrived unbounded).
 * eddy = records/s processed over the second half; baseline = records/s the same
 * processing sustains on its own, unthrottled (measured in the same run).
 */
function backpressureCase(name: string, withInitialRate: boolean): BenchCase {
  return {
    name,
    unit: 'records/s',
    higherIsBetter: true,
    target: 0.8,
    async run() {
      const r = await runBackpressureScenario(30_000, withInitialRate);
      const tail = r.schedulingDelays.slice(-10);
      return {
        eddy: r.processedRate,
        baseline: r.capacity,
        notes: {
          peakHeapMiB: Math.round(r.peakHeapMiB),
          offeredLinesPerSec: r.offeredRate,
          delayStoppedGrowing: r.delayStoppedGrowing,
          maxPendingBatches: r.maxPendingBatches,
          lastSchedulingDelaysMs: tail.join('/'),
          lastRate: r.rates.at(-1) ?? 'none',
        },
      };
    },
  };
}

export default [backpressureCase('backpressure', true), backpressureCase('backpressure-no-initial-rate', false)];
