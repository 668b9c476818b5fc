import { ReceiverInputDStream } from '../dstream/ReceiverInputDStream';
import { invalidArgument } from '../errors/EddyError';
import type { Receiver } from '../receiver/Receiver';
import { StreamingContext } from '../streaming/StreamingContext';
import { readSample, type Sample } from './readSample';
import { SampleReceiver } from './SampleReceiver';

export interface SampleStreamOptions {
  /** Replay speed: 2 plays a 120 s recording in 60 s (default 1). */
  speed?: number;
  /** Start again at the end (default false: the receiver stops and batches are empty). */
  loop?: boolean;
  /** Folder with catalog.json and data/ (default: the samples shipped with Eddy). */
  dir?: string;
}

/** A recorded sample replayed by a receiver, so rate limits and backpressure apply to it. */
export class SampleInputDStream extends ReceiverInputDStream<string> {
  constructor(ssc: StreamingContext, private readonly sample: Sample, private readonly speed: number, private readonly loop: boolean) {
    super(ssc, `sampleStream(${sample.name})`);
  }

  getReceiver(): Receiver<string> {
    return new SampleReceiver(this.sample, this.ssc.clock, this.speed, this.loop);
  }
}

declare module '../streaming/StreamingContext' {
  interface StreamingContext {
    /** Replays `samples/data/<name>.tsv` with its recorded timing scaled by `speed`. */
    sampleStream(name: string, options?: SampleStreamOptions): ReceiverInputDStream<string>;
  }
}

StreamingContext.prototype.sampleStream = function sampleStream(this: StreamingContext, name: string, options: SampleStreamOptions = {}): ReceiverInputDStream<string> {
  const speed = options.speed ?? 1;
  if (!(typeof speed === 'number' && speed > 0 && Number.isFinite(speed))) {
    throw invalidArgument(`sampleStream needs a positive speed, got ${String(speed)}.`, 'For example { speed: 2 } to replay twice as fast.');
  }
  this.assertGraphEditable('sampleStream');
  return new SampleInputDStream(this, readSample(name, options.dir), speed, options.loop ?? false);
};
