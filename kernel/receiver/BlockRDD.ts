import type { SparkContext } from '../core/SparkContext';
import { RDD, type Sink } from '../rdd/RDD';
import type { ReceivedBlock } from './ReceivedBlock';
import { forEachInRun } from './RecordRun';

/** A batch of received data: one partition per block, in the order the blocks were cut (Spark's BlockRDD). */
export class BlockRDD<T> extends RDD<T> {
  constructor(sc: SparkContext, readonly blocks: ReadonlyArray<ReceivedBlock<T>>, scope = 'receiverStream') {
    super(sc, [], scope);
  }

  getNumPartitions(): number {
    return this.blocks.length;
  }

  protected compute(split: number, sink: Sink<T>): void {
    for (const run of this.blocks[split].runs) forEachInRun(run, sink);
  }
}
