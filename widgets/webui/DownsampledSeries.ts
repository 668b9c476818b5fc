/** One point of the batch timelines: a batch, or a bucket of consecutive batches once downsampled. */
export interface SeriesBucket {
  /** Batch time of the bucket's first batch, ms. */
  t: number;
  /** Batches in the bucket. */
  n: number;
  records: number;
  /** Sums over the bucket's batches, ms; divide by n for the mean. */
  sched: number;
  proc: number;
  total: number;
  /** The bucket's largest total delay, ms: a spike stays visible after averaging. */
  maxTotal: number;
}

/** The timelines as columns, oldest first; delays are bucket means in ms, rate in records/s. */
export interface SeriesColumns {
  t: number[];
  n: number[];
  rate: number[];
  sched: number[];
  proc: number[];
  total: number[];
  maxTotal: number[];
}

/**
 * Per-batch timelines that stay the same size however long a stream runs: the newest
 * `recent` batches at full resolution, and before them at most `older` buckets. When the
 * older part fills, neighbouring buckets are merged in pairs and new buckets take twice as
 * many batches, so after 100,000 batches the page still gets ~`recent + older` points
 * spanning the whole run (means, and each bucket's maximum total delay).
 */
export class DownsampledSeries {
  private old: SeriesBucket[] = [];
  private recentPoints: SeriesBucket[] = [];
  private width = 1;

  constructor(
    private readonly batchIntervalMs: () => number,
    readonly recent = 300,
    readonly older = 600,
  ) {}

  get length(): number {
    return this.old.length + this.recentPoints.length;
  }

  /** Batches per older bucket now (1 until the first merge). */
  get bucketWidth(): number {
    return this.width;
  }

  add(t: number, records: number, sched: number, proc: number, total: number): void {
    this.recentPoints.push({ t, n: 1, records, sched, proc, total, maxTotal: total });
    if (this.recentPoints.length > this.recent) this.spill(this.recentPoints.shift() as SeriesBucket);
  }

  clear(): void {
    this.old = [];
    this.recentPoints = [];
    this.width = 1;
  }

  columns(): SeriesColumns {
    const cols: SeriesColumns = { t: [], n: [], rate: [], sched: [], proc: [], total: [], maxTotal: [] };
    const seconds = Math.max(1, this.batchIntervalMs()) / 1000;
    for (const b of [...this.old, ...this.recentPoints]) {
      cols.t.push(b.t);
      cols.n.push(b.n);
      cols.rate.push(round(b.records / b.n / seconds));
      cols.sched.push(round(b.sched / b.n));
      cols.proc.push(round(b.proc / b.n));
      cols.total.push(round(b.total / b.n));
      cols.maxTotal.push(b.maxTotal);
    }
    return cols;
  }

  private spill(b: SeriesBucket): void {
    const last = this.old[this.old.length - 1];
    if (last !== undefined && last.n < this.width) merge(last, b);
    else this.old.push(b);
    if (this.old.length > this.older) {
      const merged: SeriesBucket[] = [];
      for (let i = 0; i < this.old.length; i += 2) merged.push(i + 1 < this.old.length ? merge(this.old[i], this.old[i + 1]) : this.old[i]);
      this.old = merged;
      this.width *= 2;
    }
  }
}

function merge(into: SeriesBucket, b: SeriesBucket): SeriesBucket {
  into.n += b.n;
  into.records += b.records;
  into.sched += b.sched;
  into.proc += b.proc;
  into.total += b.total;
  into.maxTotal = Math.max(into.maxTotal, b.maxTotal);
  return into;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
