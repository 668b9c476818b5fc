import type { SparkContext } from '../core/SparkContext';
import { RDD, type Sink } from '../rdd/RDD';
import type { KinesisRecord } from './KinesisRecord';
import type { SequenceNumberRange } from './SequenceNumberRange';

/** Reads a range's records again from Kinesis (after recovery). */
export type RangeReader = (range: SequenceNumberRange) => Promise<KinesisRecord[]>;

/**
 * A batch of a Kinesis stream (Spark's KinesisBackedBlockRDD): partition i holds the
 * records of sequence-number range i, one per shard. Records read live are handed over
 * with the ranges; a partition without them (a batch re-run after recovery) reads its
 * range again from Kinesis when its task is about to run (`prepareOwn`).
 * `messageHandler` turns each record into the stream's element as the task pushes it.
 */
export class KinesisRDD<T> extends RDD<T> {
  private readonly data: Array<KinesisRecord[] | undefined>;
  private readonly loading: Array<Promise<void> | undefined>;

  constructor(
    sc: SparkContext,
    readonly sequenceNumberRanges: readonly SequenceNumberRange[],
    records: ReadonlyArray<KinesisRecord[] | undefined>,
    private readonly reader: RangeReader,
    private readonly messageHandler: (record: KinesisRecord) => T,
  ) {
    super(sc, [], 'KinesisBackedBlockRDD', true);
    this.data = sequenceNumberRanges.map((r, i) => (r.recordCount === 0 ? [] : records[i]));
    this.loading = new Array(sequenceNumberRanges.length);
  }

  getNumPartitions(): number {
    return this.sequenceNumberRanges.length;
  }

  protected override prepareOwn(split: number): Promise<void> | undefined {
    if (this.data[split] !== undefined) return undefined;
    this.loading[split] ??= this.reader(this.sequenceNumberRanges[split]).then((records) => {
      this.data[split] = records;
    });
    return this.loading[split];
  }

  protected compute(split: number, sink: Sink<T>): void {
    const records = this.data[split];
    if (records === undefined) throw new Error(`internal: ${this.sequenceNumberRanges[split].shardId} was not read before compute`);
    const handle = this.messageHandler;
    for (let i = 0; i < records.length; i++) sink(handle(records[i]));
  }

  override toString(): string {
    return `KinesisBackedBlockRDD[${this.id}] (${this.sequenceNumberRanges.map((r) => `${r.shardId} ${r.recordCount} records`).join(', ')})`;
  }
}
