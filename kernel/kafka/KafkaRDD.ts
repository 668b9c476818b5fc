import type { SparkContext } from '../core/SparkContext';
import { RDD, type Sink } from '../rdd/RDD';
import type { KafkaRecord } from './KafkaRecord';
import { rangeCount, type OffsetRange } from './OffsetRange';

/** Where a KafkaRDD gets the messages of a range (the stream's RangeFetcher), keys and values as bytes. */
export interface RangeSource {
  take(range: OffsetRange): Promise<Array<KafkaRecord<Buffer>>>;
}

/**
 * A batch of a direct Kafka stream (Spark's KafkaRDD): partition i is offset range i,
 * one per topic-partition. A partition's messages are fetched when its task is about to
 * run (`prepareOwn`, asynchronous) and then pushed synchronously by `compute`; they are
 * kept with the RDD so that a second output operation on the batch reads the same data.
 * They are kept as bytes and decoded (`decode`) as the task pushes them, as Spark's
 * KafkaRDD deserializes in its iterator: decoded strings live only as long as the task.
 */
export class KafkaRDD<V> extends RDD<KafkaRecord<V>> {
  private readonly data: Array<Array<KafkaRecord<Buffer>> | undefined>;
  private readonly loading: Array<Promise<void> | undefined>;

  constructor(
    sc: SparkContext,
    readonly offsetRanges: readonly OffsetRange[],
    private readonly source: RangeSource,
    private readonly decode: (raw: KafkaRecord<Buffer>) => KafkaRecord<V>,
  ) {
    super(sc, [], 'KafkaRDD', true);
    this.data = offsetRanges.map((r) => (rangeCount(r) === 0 ? [] : undefined));
    this.loading = new Array(offsetRanges.length);
  }

  getNumPartitions(): number {
    return this.offsetRanges.length;
  }

  protected override prepareOwn(split: number): Promise<void> | undefined {
    if (this.data[split] !== undefined) return undefined;
    this.loading[split] ??= this.source.take(this.offsetRanges[split]).then((records) => {
      this.data[split] = records;
    });
    return this.loading[split];
  }

  protected compute(split: number, sink: Sink<KafkaRecord<V>>): void {
    const records = this.data[split];
    if (records === undefined) {
      const r = this.offsetRanges[split];
      throw new Error(`internal: ${r.topic}-${r.partition} offsets ${r.fromOffset}-${r.untilOffset} were not fetched before compute`);
    }
    const decode = this.decode;
    for (let i = 0; i < records.length; i++) sink(decode(records[i]));
  }

  override toString(): string {
    return `KafkaRDD[${this.id}] (${this.offsetRanges.map((r) => `${r.topic}-${r.partition} ${r.fromOffset}..${r.untilOffset}`).join(', ')})`;
  }
}
