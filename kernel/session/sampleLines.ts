import { InputDStream } from '../dstream/InputDStream';
import type { RDD } from '../rdd/RDD';
import type { Time } from '../util/Time';
import type { StreamingContext } from '../streaming/StreamingContext';

/** A few lines of text with repeated words, so counts and windows show something at once. */
export const SAMPLE_TEXT: readonly string[] = [
  'the quick brown fox jumps over the lazy dog',
  'a stream is a sequence of small batches',
  'the fox and the dog share one window',
  'every batch is an rdd and every rdd is a batch',
  'to be or not to be',
  'spark streaming counts the words of the stream',
  'the lazy dog sleeps while the quick fox runs',
  'small batches make a stream',
];

/** Lines per batch from the built-in sample. */
export const SAMPLE_LINES_PER_BATCH = 2;

/** The sample lines of batch `index` (0-based), cycling through SAMPLE_TEXT. */
export function sampleLinesFor(index: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < SAMPLE_LINES_PER_BATCH; i++) out.push(SAMPLE_TEXT[(index * SAMPLE_LINES_PER_BATCH + i) % SAMPLE_TEXT.length]);
  return out;
}

/**
 * The built-in sample stream `lines`: batch k (1-based, counted from the context's zero
 * time) holds `sampleLinesFor(k - 1)`, on either clock, with no server and nothing held
 * between batches. A source, not a queue: it reports the records it delivers (`numRecords`
 * in `:status`, listener events and the dashboard), and, being a function of the batch
 * time, it needs no recovery data for checkpoints.
 */
export class SampleLinesDStream extends InputDStream<string> {
  constructor(ssc: StreamingContext) {
    super(ssc, 'lines');
  }

  compute(validTime: Time): RDD<string> {
    const index = Math.round(validTime.since(this.zeroTime as Time).milliseconds / this.slideDuration.milliseconds) - 1;
    const lines = sampleLinesFor(index);
    this.ssc.inputInfoTracker.reportInfo(validTime, { inputStreamId: this.id, numRecords: lines.length, metadata: { source: 'sample' } });
    return this.ssc.sparkContext.parallelize(lines);
  }
}

export function attachSampleLines(ssc: StreamingContext): InputDStream<string> {
  return new SampleLinesDStream(ssc);
}
