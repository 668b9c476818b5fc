import { syncUserFunction } from '../errors/syncUserFunction';
import type { SparkContext } from '../core/SparkContext';
import type { Dependency } from './Dependency';
import type { Partitioner } from './Partitioner';
import { illegalState } from '../errors/EddyError';
import { formatElement } from './formatElement';

/** Where a partition's elements are pushed, one call per element. */
export type Sink<T> = (value: T) => void;

export type StorageLevel = 'NONE' | 'MEMORY_ONLY';

/**
 * A resilient distributed dataset: a lazy, partitioned collection with lineage.
 *
 * why push-based: a partition is computed by pushing each element through a chain of
 * sinks (`map` → `filter` → shuffle write), one fused loop per partition with the
 * user's closures inlined, and no array or iterator between operators.
 *
 * Transformations are added in `operations.ts` and `pairOperations.ts`; actions live here.
 */
export abstract class RDD<T> {
  readonly id: number;
  name: string | undefined;
  /** Set when the RDD's keys are known to be laid out by a partitioner (after a shuffle). */
  partitioner: Partitioner | undefined;
  /** True when some partition must first load data asynchronously (see `prepareOwn`). */
  readonly hasAsyncSource: boolean;
  private dependencies: Dependency[];
  private storageLevel: StorageLevel = 'NONE';
  private cachedPartitions: Array<T[] | undefined> | undefined;
  private checkpointState: 'none' | 'marked' | 'checkpointed' = 'none';

  constructor(
    readonly sc: SparkContext,
    deps: Dependency[],
    /** The operation that made this RDD (`map`, `reduceByKey`, ...), shown in the lineage. */
    readonly scope: string,
    ownAsyncSource = false,
  ) {
    this.id = sc.newRddId();
    this.dependencies = deps;
    this.hasAsyncSource = ownAsyncSource || deps.some((d) => d.kind === 'narrow' && d.rdd.hasAsyncSource);
  }

  abstract getNumPartitions(): number;

  /** Pushes partition `split`'s elements into `sink`. Called only through `iterator`. */
  protected abstract compute(split: number, sink: Sink<T>): void;

  /** For sources that must fetch a partition's data (Kafka, files) before it is computed. */
  protected prepareOwn(_split: number): Promise<void> | undefined {
    return undefined;
  }

  get deps(): readonly Dependency[] {
    return this.dependencies;
  }

  /** Computes a partition, or replays it when cached. */
  iterator(split: number, sink: Sink<T>): void {
    const cache = this.cachedPartitions;
    if (cache === undefined) {
      this.compute(split, sink);
      return;
    }
    let data = cache[split];
    if (data === undefined) {
      const buffer: T[] = [];
      this.compute(split, (x) => {
        buffer.push(x);
      });
      cache[split] = data = buffer;
    }
    for (let i = 0; i < data.length; i++) sink(data[i]);
  }

  /** Runs every asynchronous load that partition `split` needs, down its narrow lineage. */
  async preparePartition(split: number): Promise<void> {
    if (this.cachedPartitions?.[split] !== undefined) return;
    const own = this.prepareOwn(split);
    if (own) await own;
    for (const dep of this.dependencies) {
      if (dep.kind === 'narrow' && dep.rdd.hasAsyncSource) {
        for (const p of dep.getParents(split)) await dep.rdd.preparePartition(p);
      }
    }
  }

  /** True when every partition is held in memory, so lineage above it need not run. */
  isFullyCached(): boolean {
    const cache = this.cachedPartitions;
    if (cache === undefined) return false;
    for (let i = 0; i < this.getNumPartitions(); i++) if (cache[i] === undefined) return false;
    return true;
  }

  // ------------------------------------------------------------------ persistence

  persist(level: StorageLevel = 'MEMORY_ONLY'): this {
    if (level === 'NONE') return this.unpersist();
    if (this.storageLevel !== 'NONE' && this.storageLevel !== level) {
      throw illegalState(
        `${this} is already persisted at ${this.storageLevel}; it cannot change to ${level}.`,
        'Call unpersist() first.',
      );
    }
    this.storageLevel = level;
    this.cachedPartitions ??= [];
    return this;
  }

  cache(): this {
    return this.persist('MEMORY_ONLY');
  }

  unpersist(): this {
    if (this.checkpointState === 'checkpointed') return this; // the data is the lineage now
    this.storageLevel = 'NONE';
    this.cachedPartitions = undefined;
    return this;
  }

  getStorageLevel(): StorageLevel {
    return this.storageLevel;
  }

  /**
   * Marks this RDD to have its lineage cut once a job has computed it: its partitions
   * are kept and its dependencies dropped, so long chains (state, windows) do not grow.
   */
  checkpoint(): this {
    if (this.checkpointState === 'none') {
      this.checkpointState = 'marked';
      this.persist();
    }
    return this;
  }

  isCheckpointed(): boolean {
    return this.checkpointState === 'checkpointed';
  }

  /** Marked by `checkpoint()` and not cut yet. */
  isMarkedForCheckpoint(): boolean {
    return this.checkpointState === 'marked';
  }

  /**
   * Cuts the lineage of this marked RDD, once every partition is held: its dependencies
   * are dropped and its partitions stay. Returns whether it was cut. The scheduler calls
   * this after materialising the RDD whole (see DAGScheduler.checkpointLineage).
   */
  cutLineage(): boolean {
    if (this.checkpointState !== 'marked' || !this.isFullyCached()) return false;
    this.dependencies = [];
    this.checkpointState = 'checkpointed';
    this.storageLevel = 'MEMORY_ONLY';
    return true;
  }

  /** Computes partition `split` into the cache (a persisted RDD), reading nothing out. */
  materializePartition(split: number): void {
    if (this.cachedPartitions?.[split] !== undefined) return;
    this.iterator(split, () => undefined);
  }

  setName(name: string): this {
    this.name = name;
    return this;
  }

  // ------------------------------------------------------------------ actions

  async collect(): Promise<T[]> {
    const parts = await this.sc.runJob(this, (split) => {
      const out: T[] = [];
      this.iterator(split, (x) => {
        out.push(x);
      });
      return out;
    });
    return parts.length === 1 ? parts[0] : ([] as T[]).concat(...parts);
  }

  async count(): Promise<number> {
    const counts = await this.sc.runJob(this, (split) => {
      let n = 0;
      this.iterator(split, () => {
        n++;
      });
      return n;
    });
    return counts.reduce((a, b) => a + b, 0);
  }

  /** The first `n` elements, computing one partition after another only as far as needed. */
  async take(n: number): Promise<T[]> {
    const out: T[] = [];
    const total = this.getNumPartitions();
    for (let split = 0; split < total && out.length < n; split++) {
      const [part] = await this.sc.runJob(
        this,
        (s) => {
          const buf: T[] = [];
          this.iterator(s, (x) => {
            buf.push(x);
          });
          return buf;
        },
        [split],
      );
      for (let i = 0; i < part.length && out.length < n; i++) out.push(part[i]);
    }
    return out;
  }

  async first(): Promise<T> {
    const [x] = await this.take(1);
    if (x === undefined && (await this.isEmpty())) {
      throw illegalState(`first() was called on ${this}, which is empty.`, 'Check isEmpty() before calling first().');
    }
    return x;
  }

  async isEmpty(): Promise<boolean> {
    return this.getNumPartitions() === 0 || (await this.take(1)).length === 0;
  }

  async reduce(f: (a: T, b: T) => T): Promise<T> {
    f = syncUserFunction('reduce', f);
    const partials = await this.sc.runJob(this, (split) => {
      let seen = false;
      let acc: T | undefined;
      this.iterator(split, (x) => {
        acc = seen ? f(acc as T, x) : x;
        seen = true;
      });
      return seen ? { value: acc as T } : undefined;
    });
    const present = partials.filter((p): p is { value: T } => p !== undefined);
    if (present.length === 0) {
      throw illegalState(`reduce() was called on ${this}, which is empty.`, 'Use fold() with a zero value for RDDs that may be empty.');
    }
    return present.map((p) => p.value).reduce((a, b) => f(a, b));
  }

  async fold(zero: T, f: (a: T, b: T) => T): Promise<T> {
    return this.aggregate(zero, f, f);
  }

  async aggregate<U>(zero: U, seqOp: (acc: U, x: T) => U, combOp: (a: U, b: U) => U): Promise<U> {
    seqOp = syncUserFunction('aggregate', seqOp);
    combOp = syncUserFunction('aggregate', combOp);
    const partials = await this.sc.runJob(this, (split) => {
      let acc = structuredClone(zero);
      this.iterator(split, (x) => {
        acc = seqOp(acc, x);
      });
      return acc;
    });
    return partials.reduce(combOp, zero);
  }

  /** Calls `f` on each element; a promise returned by `f` is awaited before the next element. */
  async foreach(f: (x: T) => void | Promise<void>): Promise<void> {
    await this.foreachPartition(async (items) => {
      for (const x of items) {
        const r = f(x);
        if (r instanceof Promise) await r;
      }
    });
  }

  async foreachPartition(f: (items: T[], split: number) => void | Promise<void>): Promise<void> {
    await this.sc.runJob(this, (split) => {
      const items: T[] = [];
      this.iterator(split, (x) => {
        items.push(x);
      });
      return f(items, split);
    });
  }

  /** Writes one `part-NNNNN` file per partition and `_SUCCESS`, into a new directory. */
  /** Hadoop's text output into directory `path`, refused when it exists unless `replace` (then swapped in atomically). */
  async saveAsTextFile(path: string, options: { replace?: boolean } = {}): Promise<void> {
    const parts = await this.sc.runJob(this, (split) => {
      const lines: string[] = [];
      this.iterator(split, (x) => {
        lines.push(formatElement(x));
      });
      return lines;
    });
    await this.sc.textOutput.writeDirectory(path, parts, options);
  }

  // ------------------------------------------------------------------ description

  /** Spark's lineage drawing: `(2) ShuffledRDD[4] at reduceByKey []`, one line per RDD. */
  toDebugString(): string {
    return lineageLines(this as RDD<unknown>).join('\n');
  }

  /** One line for this RDD alone, as it appears in the lineage. */
  describe(): string {
    const storage = this.storageLevel === 'NONE' ? '[]' : `[${this.storageLevel}]`;
    return `${this}${this.isCheckpointed() ? ' (checkpointed)' : ''} ${storage}`;
  }

  toString(): string {
    const label = this.name ? `${this.name} ` : '';
    return `${label}${this.constructor.name}[${this.id}] at ${this.scope}`;
  }
}

// The layout of Spark's RDD.toDebugString: a shuffle opens a new indented column.
function lineageLines(root: RDD<unknown>): string[] {
  const columnOf = (rdd: RDD<unknown>): [string, string] => {
    const partitions = `(${rdd.getNumPartitions()})`;
    const left = Math.floor((partitions.length - 1) / 2);
    return [partitions, ' '.repeat(left) + '|' + ' '.repeat(partitions.length - left)];
  };
  const children = (rdd: RDD<unknown>, prefix: string): string[] =>
    rdd.deps.flatMap((d, i) => visit(d.rdd, prefix, d.kind === 'shuffle', i === rdd.deps.length - 1));
  const visit = (rdd: RDD<unknown>, prefix: string, isShuffle: boolean, isLast: boolean): string[] => {
    if (!isShuffle) return [prefix + rdd.describe(), ...children(rdd, prefix)];
    const [partitions, column] = columnOf(rdd);
    const thisPrefix = prefix.replace(/\|\s+$/, '');
    const nextPrefix = thisPrefix + (isLast ? '  ' : '| ') + column;
    return [`${thisPrefix}+-${partitions} ${rdd.describe()}`, ...children(rdd, nextPrefix)];
  };
  const [partitions, column] = columnOf(root);
  return [`${partitions} ${root.describe()}`, ...children(root, column)];
}
