/**
 * The process of the `recovery-time` benchmark: the stateful word count over a directory
 * (updateStateByKey, its state checkpointed every batch), on a manual clock.
 *
 *   node recoveryChild.js prepare <checkpoint> <input>
 *     on cues from the parent (one line on stdin each) runs batch 1 (100,000 distinct words: the state), generates batch 2, holds its
 *     output, and prints `ready` once batch 2's checkpoint is on disk; the parent then
 *     kills it with SIGKILL, so batch 2 is pending at the crash.
 *   node recoveryChild.js recover <checkpoint> <input>
 *     `getOrCreate` on that checkpoint; prints `recovered <keys>` when the re-run of
 *     batch 2 (the first recovered batch) is done, then exits.
 */
import { Seconds, SparkConf, SparkContext, StreamingContext } from '../../kernel';

const [mode, checkpointDir, input] = process.argv.slice(2);
const RECOVERED_BATCH_MS = 2000;

function create(): StreamingContext {
  const sc = new SparkContext(new SparkConf().setAppName('recovery-bench').setMaster('local[2]'));
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual', err: (t) => process.stderr.write(t) });
  ssc.checkpoint(checkpointDir);
  ssc
    .textFileStream(input)
    .flatMap((l) => l.split(' '))
    .map((w): [string, number] => [w, 1])
    .updateStateByKey<string, number, number>((vs, s) => (s ?? 0) + vs.length)
    .checkpoint(Seconds(1))
    .foreachRDD(async (rdd, time) => {
      if (mode === 'prepare' && time.milliseconds === RECOVERED_BATCH_MS) await new Promise(() => {}); // the crash comes first
      const keys = await rdd.count();
      if (mode === 'recover' && time.milliseconds === RECOVERED_BATCH_MS) {
        process.stdout.write(`recovered ${keys}\n`);
        process.exit(0);
      }
    });
  return ssc;
}

const cues: Array<() => void> = [];
let cued = 0;
process.stdin.on('data', (d: Buffer) => {
  cued += d.toString().split('\n').length - 1;
  while (cued > 0 && cues.length > 0) {
    cued--;
    cues.shift()?.();
  }
});

/** Resolves at the parent's next line on stdin. */
function cue(): Promise<void> {
  return new Promise((resolve) => {
    if (cued > 0) {
      cued--;
      resolve();
    } else cues.push(resolve);
  });
}

async function main(): Promise<void> {
  if (mode === 'prepare') {
    const ssc = create();
    ssc.start();
    // textFileStream takes files that arrive after start (Spark's newFilesOnly): the parent drops each batch's file on cue.
    process.stdout.write('started\n');
    await cue();
    await ssc.advance(1);
    process.stdout.write('batch1\n');
    await cue();
    void ssc.advance(1);
    while (!(ssc.scheduler.pendingBatches().length === 1 && ssc.checkpointing.lastWrite?.timeMs === RECOVERED_BATCH_MS)) {
      await new Promise((r) => setTimeout(r, 5));
    }
    await ssc.checkpointing.flush();
    process.stdout.write('ready\n');
    process.stdin.destroy();
  } else {
    const ssc = StreamingContext.getOrCreate(checkpointDir, create);
    ssc.start();
    void ssc.advance(1);
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
