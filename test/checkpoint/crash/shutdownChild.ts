/**
 * For the graceful-shutdown test: a receiver stores `n` records at once, batches are
 * long, and spark.streaming.stopGracefullyOnShutdown=true; the parent sends SIGTERM.
 * Each batch's record count is printed as `batch <ms> <count>`.
 */
import { Receiver, Seconds, SparkConf, SparkContext, StreamingContext } from '../../../kernel';

const [checkpointDir, n] = process.argv.slice(2);

class Burst extends Receiver<number> {
  onStart(): void {
    this.store(Array.from({ length: Number(n) }, (_, i) => i));
    process.stdout.write('stored\n');
  }
  onStop(): void {}
}

const conf = new SparkConf().setAppName('shutdown-child').setMaster('local[2]').set('spark.streaming.stopGracefullyOnShutdown', 'true');
const ssc = new StreamingContext(new SparkContext(conf), Seconds(30));
ssc.checkpoint(checkpointDir);
ssc.receiverStream(new Burst()).count().foreachRDD(async (rdd, time) => {
  process.stdout.write(`batch ${time.milliseconds} ${(await rdd.collect())[0]}\n`);
});
ssc.start();
process.stdout.write('started\n');
