import type { SparkConf } from '../../conf/SparkConf';
import { EddyError } from '../../errors/EddyError';
import { PIDRateEstimator } from './PIDRateEstimator';
import type { RateEstimator } from './RateEstimator';

/** Spark's RateEstimator.create: `spark.streaming.backpressure.rateEstimator` (only `pid`) and its gains. */
export function createRateEstimator(conf: SparkConf, batchIntervalMs: number): RateEstimator {
  const kind = conf.get('spark.streaming.backpressure.rateEstimator', 'pid');
  if (kind !== 'pid') {
    throw new EddyError('invalid-config', `spark.streaming.backpressure.rateEstimator is "${kind}"; the only estimator is "pid".`, {
      hint: "Remove the setting or set it to 'pid'.",
    });
  }
  return new PIDRateEstimator(batchIntervalMs, {
    proportional: conf.getNumber('spark.streaming.backpressure.pid.proportional', 1.0),
    integral: conf.getNumber('spark.streaming.backpressure.pid.integral', 0.2),
    derivative: conf.getNumber('spark.streaming.backpressure.pid.derived', 0.0),
    minRate: conf.getNumber('spark.streaming.backpressure.pid.minRate', 100),
  });
}
