import type { KafkaRecord } from './KafkaRecord';

/** A range a batch registered, filled as its messages arrive. */
interface PendingRange<V> {
  readonly from: number;
  readonly until: number;
  readonly records: Array<KafkaRecord<V>>;
  done: boolean;
  readonly waiters: Array<{ resolve: (r: Array<KafkaRecord<V>>) => void; reject: (e: unknown) => void }>;
}

/**
 * The messages of one topic-partition between the consumer and the batches.
 *
 *   offsets:  ... [ range t1 ][ range t2 ][ read-ahead ... ) position
 *                  registered by batches     fetched, not yet asked for
 *
 * `position` is the next offset expected from the consumer: everything below it was
 * either routed into a registered range or kept in the read-ahead. Batches register
 * contiguous ranges in offset order; a range is complete once `position` reaches its
 * end (offsets may have gaps: compaction, transaction markers). The read-ahead is
 * bounded: `wantsData()` turns false when it is full and no range waits, and the
 * fetcher pauses the partition.
 */
export class PartitionBuffer<V> {
  private readonly ranges: Array<PendingRange<V>> = [];
  private readAhead: Array<KafkaRecord<V>> = [];

  constructor(
    public position: number,
    private readonly readAheadLimit: number,
  ) {}

  /** Called by a batch (in offset order): the range's records once all have arrived. */
  register(from: number, until: number): void {
    const range: PendingRange<V> = { from, until, records: [], done: false, waiters: [] };
    if (this.readAhead.length > 0) {
      let taken = 0;
      while (taken < this.readAhead.length && this.readAhead[taken].offset < until) {
        if (this.readAhead[taken].offset >= from) range.records.push(this.readAhead[taken]);
        taken++;
      }
      this.readAhead = taken === this.readAhead.length ? [] : this.readAhead.slice(taken);
    }
    range.done = this.position >= until;
    this.ranges.push(range);
  }

  /** Resolves with the records of [from, until) once complete, and forgets them here. */
  take(from: number, until: number): Promise<Array<KafkaRecord<V>>> {
    const i = this.ranges.findIndex((r) => r.from === from && r.until === until);
    if (i < 0) return Promise.reject(new Error(`offsets ${from}-${until} were not registered or were already read`));
    const range = this.ranges[i];
    if (range.done) {
      this.ranges.splice(i, 1);
      return Promise.resolve(range.records);
    }
    return new Promise((resolve, reject) => range.waiters.push({ resolve, reject }));
  }

  /** Forgets a range no job read (its batch was dropped); one a job still waits for stays. */
  release(from: number, until: number): void {
    const i = this.ranges.findIndex((r) => r.from === from && r.until === until);
    if (i >= 0 && this.ranges[i].waiters.length === 0) this.ranges.splice(i, 1);
  }

  /**
   * Adds fetched messages that start at `fetchedOffset`. Messages below `position` were
   * seen already (a re-fetch after a seek or restart) and are skipped; a fetch that
   * starts beyond `position` would leave a hole, so it is ignored.
   */
  add(fetchedOffset: number, records: ReadonlyArray<KafkaRecord<V>>, nextOffset: number): void {
    if (fetchedOffset > this.position) return;
    let r = 0;
    for (const rec of records) {
      if (rec.offset < this.position) continue;
      while (r < this.ranges.length && this.ranges[r].until <= rec.offset) r++;
      const range = this.ranges[r];
      if (range !== undefined && rec.offset >= range.from) range.records.push(rec);
      else this.readAhead.push(rec);
    }
    if (nextOffset > this.position) this.position = nextOffset;
    this.completeRanges();
  }

  /** True when no batch has registered a range and nothing was read ahead. */
  isUnused(): boolean {
    return this.ranges.length === 0 && this.readAhead.length === 0;
  }

  /** True while a range waits for data or the read-ahead has room. */
  wantsData(): boolean {
    return this.ranges.some((r) => !r.done) || this.readAhead.length < this.readAheadLimit;
  }

  /** Fails every waiting range (the stream stopped). */
  failAll(error: unknown): void {
    for (const range of this.ranges) for (const w of range.waiters.splice(0)) w.reject(error);
  }

  private completeRanges(): void {
    for (let i = 0; i < this.ranges.length; i++) {
      const range = this.ranges[i];
      if (range.done || this.position < range.until) continue;
      range.done = true;
      if (range.waiters.length > 0) {
        const waiters = range.waiters.splice(0);
        this.ranges.splice(i--, 1);
        for (const w of waiters) w.resolve(range.records);
      }
    }
  }
}
