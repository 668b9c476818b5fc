import { readLatestCheckpoint } from '../checkpoint/CheckpointStore';
import { assertSameShape, graphShape } from '../checkpoint/graphShape';
import { EddyError, invalidArgument } from '../errors/EddyError';
import type { StreamingContext } from './StreamingContext';

/**
 * Spark's `StreamingContext.getOrCreate(dir, create)`. No checkpoint in `directory`
 * (or no directory): `create()`. A checkpoint: closures cannot be read back from disk,
 * so `create()` rebuilds the graph, which must have the checkpoint's shape; the context
 * returned restores state and input positions at `start()` and first re-runs the
 * batches pending at the crash, with their original times.
 *
 * Throws `checkpoint-unreadable` when the directory or every checkpoint in it cannot be
 * read (never a silent fresh start), `checkpoint-mismatch` when the graph or batch
 * duration differs. A corrupt newest checkpoint falls back to the previous one, with a
 * warning naming the file.
 */
export function getOrCreateContext(
  directory: string,
  create: () => StreamingContext,
  isContext: (x: unknown) => x is StreamingContext,
): StreamingContext {
  if (typeof directory !== 'string' || directory.length === 0) {
    throw invalidArgument('getOrCreate needs a checkpoint directory path.', "For example StreamingContext.getOrCreate('/tmp/eddy-checkpoint', create).");
  }
  const warnings: string[] = [];
  const recovered = readLatestCheckpoint(directory, (text) => warnings.push(text));
  const ssc = create();
  if (!isContext(ssc)) throw invalidArgument('getOrCreate: the create function must return a StreamingContext.');
  for (const w of warnings) ssc.err(w);
  if (ssc.checkpointDir === undefined) ssc.checkpoint(directory);
  if (recovered === undefined) return ssc;
  const record = recovered.record;
  if (record.batchDurationMs !== ssc.batchDuration.milliseconds) {
    throw new EddyError(
      'checkpoint-mismatch',
      `The checkpoint in ${directory} has batches of ${record.batchDurationMs} ms, and create() made a context with ${ssc.batchDuration.milliseconds} ms batches.`,
      { hint: `Create the context with the batch duration it had, or delete ${directory} to start afresh.` },
    );
  }
  assertSameShape(record.graph, graphShape(ssc.graph), directory);
  ssc.checkpointing.recovered = recovered;
  return ssc;
}
