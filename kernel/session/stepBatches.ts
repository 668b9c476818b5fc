import type { DStream } from '../dstream/DStream';
import { ForEachDStream } from '../dstream/ForEachDStream';
import { InputDStream } from '../dstream/InputDStream';
import { InternalMapWithStateDStream } from '../dstream/InternalMapWithStateDStream';
import type { RDD } from '../rdd/RDD';
import { illegalState } from '../errors/EddyError';
import { formatUserError } from '../errors/formatUserError';
import { formatElement } from '../rdd/formatElement';
import type { StreamingContext } from '../streaming/StreamingContext';
import { Duration } from '../util/Duration';

/** One stream of the graph, as a lane of the `:step` timeline. */
export interface StepLane {
  id: number;
  label: string;
  isInput: boolean;
  slideMs: number;
  /** Set for windowed streams: the window length. */
  windowMs: number | undefined;
}

/** What one stream held for one batch: how many records, the first few, or why it failed. */
export interface LaneCell {
  count: number;
  sample: string[];
  error: string | undefined;
}

export interface StepBatch {
  time: number;
  /**
   * How long the batch's jobs ran, ms of wall time (its processingDelay: on a manual clock,
   * as in Spark, processing is stamped with wall time); undefined when it had no jobs.
   */
  processingMs: number | undefined;
  /** Keyed by stream id; a stream off its slide at this batch has no cell. */
  cells: Map<number, LaneCell>;
}

export interface StepReport {
  batchMs: number;
  lanes: StepLane[];
  batches: StepBatch[];
}

/**
 * Runs `n` batches on a manual clock, one at a time, and after each one reads back what
 * every stream produced for it. why: the RDDs a batch generated stay remembered until the
 * next batch's cleanup, so reading them right after `advance(1)` sees exactly that batch.
 * Each batch is read once: while stepping, new RDDs keep the partitions their jobs computed,
 * and reading replays them (a partition no job needed is computed by the reading, once), so
 * user functions run once per element, as without `:step`. A function that throws shows as
 * that cell's error; an interrupted batch is not read at all (its code runs away).
 * Internal streams (mapWithState's state records) are not lanes.
 */
export async function stepBatches(ssc: StreamingContext, n: number, sampleSize = 4): Promise<StepReport> {
  if (ssc.getState() !== 'ACTIVE') {
    throw illegalState(`:step needs a started StreamingContext; this one is ${ssc.getState()}.`, 'Define an output such as .print(), then ssc.start().');
  }
  const streams = ssc.graph
    .allStreams()
    .filter((s) => !(s instanceof ForEachDStream) && !(s instanceof InternalMapWithStateDStream))
    .sort((a, b) => a.id - b.id);
  const lanes = streams.map(toLane);
  const batches: StepBatch[] = [];
  const kept = new Set<RDD<unknown>>();
  let interrupted: number | undefined;
  const processing = new Map<number, number | undefined>();
  const watch = {
    onBatchCompleted: ({ batchInfo }: { batchInfo: { batchTime: { milliseconds: number }; processingDelay: number | undefined } }) => {
      processing.set(batchInfo.batchTime.milliseconds, batchInfo.processingDelay);
    },
    onOutputOperationCompleted: ({ outputOperationInfo }: { outputOperationInfo: { batchTime: { milliseconds: number }; failureReason?: string } }) => {
      if (outputOperationInfo.failureReason?.startsWith('InterruptedError')) interrupted = outputOperationInfo.batchTime.milliseconds;
    },
  };
  ssc.addStreamingListener(watch);
  for (const s of ssc.graph.allStreams()) s.keepComputedFor = kept;
  try {
    for (let i = 0; i < n && ssc.getState() === 'ACTIVE'; i++) {
      const time = ssc.generator.nextBatchTime;
      await ssc.advance(1);
      const cells = new Map<number, LaneCell>();
      for (const s of streams) {
        if (interrupted === time.milliseconds) break;
        if (!s.rememberedTimes().some((t) => t.equals(time))) continue;
        cells.set(s.id, await readCell(s, time.milliseconds, sampleSize));
      }
      batches.push({ time: time.milliseconds, processingMs: processing.get(time.milliseconds), cells });
      for (const rdd of kept) rdd.unpersist();
      kept.clear();
    }
  } finally {
    for (const s of ssc.graph.allStreams()) s.keepComputedFor = undefined;
    ssc.removeStreamingListener(watch);
  }
  return { batchMs: ssc.batchDuration.milliseconds, lanes, batches };
}

function toLane(s: DStream<unknown>): StepLane {
  const window = (s as unknown as { windowDuration?: unknown }).windowDuration;
  return {
    id: s.id,
    label: `${s.name}[${s.id}]`,
    isInput: s instanceof InputDStream,
    slideMs: s.slideDuration.milliseconds,
    windowMs: window instanceof Duration ? window.milliseconds : undefined,
  };
}

async function readCell(s: DStream<unknown>, timeMs: number, sampleSize: number): Promise<LaneCell> {
  const time = s.rememberedTimes().find((t) => t.milliseconds === timeMs);
  const rdd = time === undefined ? undefined : s.getOrCompute(time);
  if (rdd === undefined) return { count: 0, sample: [], error: undefined };
  try {
    const first = await rdd.take(sampleSize);
    const count = await rdd.count();
    return { count, sample: first.map(formatElement), error: undefined };
  } catch (error) {
    return { count: 0, sample: [], error: formatUserError(error).split('\n')[0] };
  }
}
