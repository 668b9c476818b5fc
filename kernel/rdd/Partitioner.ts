import { hashKey, nonNegativeMod } from './hashKey';

/** Decides which partition of a shuffle output a key goes to. */
export interface Partitioner {
  readonly numPartitions: number;
  getPartition(key: unknown): number;
  equals(other: Partitioner | undefined): boolean;
}

/** Spark's HashPartitioner: `nonNegativeMod(key.hashCode, numPartitions)`. */
export class HashPartitioner implements Partitioner {
  constructor(readonly numPartitions: number) {
    if (!Number.isInteger(numPartitions) || numPartitions < 0) {
      throw new RangeError(`A HashPartitioner needs a non-negative whole number of partitions, got ${numPartitions}.`);
    }
  }

  getPartition(key: unknown): number {
    return this.numPartitions === 0 ? 0 : nonNegativeMod(hashKey(key), this.numPartitions);
  }

  equals(other: Partitioner | undefined): boolean {
    return other instanceof HashPartitioner && other.numPartitions === this.numPartitions;
  }

  toString(): string {
    return `HashPartitioner(${this.numPartitions})`;
  }
}
