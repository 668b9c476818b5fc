import { SparkConf, SparkContext, StreamingContext, Seconds, type Duration } from '../../kernel';

/** A SparkContext for kernel tests: local[2], as the conformance harness uses. */
export function newSc(): SparkContext {
  return new SparkContext(new SparkConf().setAppName('eddy-test').setMaster('local[2]'));
}

/** A manual-clock context whose print output and errors are captured instead of written. */
export function manualContext(sc: SparkContext, batch: Duration = Seconds(1)): { ssc: StreamingContext; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const ssc = new StreamingContext(sc, batch, { clock: 'manual', out: (t) => out.push(t), err: (t) => err.push(t) });
  return { ssc, out, err };
}

/** Stops whatever context a failed test left active, keeping the SparkContext. */
export async function stopActive(): Promise<void> {
  await StreamingContext.getActive()?.stop(false);
}
