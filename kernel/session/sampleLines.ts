import type { InputDStream } from '../dstream/InputDStream';
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
 * The built-in sample stream `lines`: a queueStream that is fed the next lines of
 * SAMPLE_TEXT just before each batch is generated, so it works on either clock and
 * needs no server. why: the feeder only tops the queue up to one batch, so a context
 * that never reads `lines` holds one batch of text, not an ever-growing queue.
 */
export function attachSampleLines(ssc: StreamingContext): InputDStream<string> {
  const queue: string[][] = [];
  const stream = ssc.queueStream<string>(queue);
  let next = 0;
  ssc.generator.addAllocator({
    allocateBlocksToBatch: () => {
      if (queue.length === 0) queue.push(sampleLinesFor(next++));
    },
  });
  return stream;
}
