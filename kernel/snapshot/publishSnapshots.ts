import { invalidArgument } from '../errors/EddyError';
import { ForEachDStream } from '../dstream/ForEachDStream';
import type { DStream } from '../dstream/DStream';
import { PartitionFoldRDD } from '../rdd/PartitionFoldRDD';
import { addToSummary, DEFAULT_SNAPSHOT_LIMITS, emptySummary, mergeSummaries, type SnapshotLimits, type SnapshotSummary } from './StreamSnapshot';

export interface PublishSnapshotsOptions extends Partial<SnapshotLimits> {
  /** What fronts call the view: a chart title, a notebook display's label. */
  name: string;
  /** The output operation's name in batch details and `:graph` (default `'publishSnapshots'`). */
  operation?: string;
}

/**
 * Publishes each batch of `stream` as a bounded snapshot on the context's listener bus:
 * a `stream.snapshot` event `{ name, streamId, outputOpId, batchTime (ms), snapshot }`,
 * where `snapshot` is a {@link StreamSnapshot} (the top k `[key, number]` pairs, or the
 * first k elements, written as `print()` writes them). Fronts subscribe with
 * `ssc.bus.on('stream.snapshot', fn)`: the web UI (`toUI`), the terminal dashboard
 * (`outputTap`), a notebook's live display. The kernel knows none of them.
 *
 * It is an output operation (a `foreachRDD`), so it runs once per batch on the stream's
 * slide, shows in the batch's output operations, and must be set up before `ssc.start()`
 * (the lifecycle rule every output operation follows; the error says so). Each partition
 * is folded into a summary of at most 2k elements, so a large batch is never held whole.
 * When nothing listens on the bus the batch is not read at all.
 *
 * @throws EddyError `invalid-argument` for an empty name or a k that is not a positive integer.
 * @returns the output operation's stream (its `outputOpId` names it in events).
 */
export function publishSnapshots<T>(stream: DStream<T>, options: PublishSnapshotsOptions): ForEachDStream<T> {
  const limits: SnapshotLimits = { k: options.k ?? DEFAULT_SNAPSHOT_LIMITS.k, maxChars: options.maxChars ?? DEFAULT_SNAPSHOT_LIMITS.maxChars };
  if (typeof options.name !== 'string' || options.name.trim() === '') {
    throw invalidArgument(`A published stream needs a name, got ${JSON.stringify(options.name)}.`, "For example counts.toUI('top words').");
  }
  if (!Number.isInteger(limits.k) || limits.k < 1) {
    throw invalidArgument(`k must be a positive integer, got ${String(limits.k)}.`, 'For example { k: 10 }.');
  }
  if (!Number.isInteger(limits.maxChars) || limits.maxChars < 8) {
    throw invalidArgument(`maxChars must be an integer of at least 8, got ${String(limits.maxChars)}.`, 'The default is 200.');
  }
  const ssc = stream.context;
  const { name } = options;
  const out: ForEachDStream<T> = new ForEachDStream<T>(
    stream,
    async (rdd, time) => {
      if (!ssc.bus.hasListeners()) return;
      const summaries = new PartitionFoldRDD<T, SnapshotSummary>(rdd, emptySummary, (s, x) => addToSummary(s, x, limits), false, 'snapshot');
      const snapshot = mergeSummaries(await summaries.collect(), limits);
      ssc.bus.post({ type: 'stream.snapshot', payload: { name, streamId: stream.id, outputOpId: out.outputOpId, batchTime: time.milliseconds, snapshot } });
    },
    options.operation ?? 'publishSnapshots',
  );
  return out;
}
