import { BlockRDD } from '../receiver/BlockRDD';
import type { Receiver } from '../receiver/Receiver';
import { ReceiverTracker } from '../receiver/ReceiverTracker';
import type { ReceiverSupervisor } from '../receiver/ReceiverSupervisor';
import type { RDD } from '../rdd/RDD';
import type { StreamingContext } from '../streaming/StreamingContext';
import type { Time } from '../util/Time';
import { InputDStream } from './InputDStream';

/**
 * An input stream fed by a Receiver (Spark's ReceiverInputDStream). Subclasses give the
 * receiver; the stream starts it when the context starts, and each batch's RDD has one
 * partition per block the receiver stored before the batch time. The batch's record
 * count is reported to the InputInfoTracker (BatchInfo.numRecords).
 */
export abstract class ReceiverInputDStream<T> extends InputDStream<T> {
  private supervisorRef: ReceiverSupervisor<T> | undefined;

  constructor(ssc: StreamingContext, name: string) {
    super(ssc, name);
    ReceiverTracker.of(ssc); // reads and checks the receiver settings now, before start
  }

  /** The receiver to run; called once, when the context starts. */
  abstract getReceiver(): Receiver<T>;

  /** The running supervisor (rate limit, queue length, receiver state), after start. */
  get supervisor(): ReceiverSupervisor<T> | undefined {
    return this.supervisorRef;
  }

  override start(): void {
    this.supervisorRef ??= ReceiverTracker.of(this.ssc).startReceiver(this.id, this.getReceiver());
  }

  override stop(): Promise<void> {
    return ReceiverTracker.of(this.ssc).stop(false);
  }

  compute(validTime: Time): RDD<T> {
    const blocks = ReceiverTracker.of(this.ssc).takeAllocated<T>(validTime, this.id);
    let numRecords = 0;
    for (const b of blocks) numRecords += b.count;
    this.ssc.inputInfoTracker.reportInfo(validTime, { inputStreamId: this.id, numRecords, metadata: { blocks: blocks.length } });
    return new BlockRDD(this.ssc.sparkContext, blocks, this.name);
  }
}
