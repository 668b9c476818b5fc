import { SparkConf } from '../conf/SparkConf';
import { illegalState } from '../errors/EddyError';
import { TextOutput } from '../io/TextOutput';
import { DAGScheduler } from '../rdd/DAGScheduler';
import { EmptyRDD } from '../rdd/EmptyRDD';
import { ParallelCollectionRDD } from '../rdd/ParallelCollectionRDD';
import type { RDD } from '../rdd/RDD';
import { unionOf } from '../rdd/unionOf';
import '../rdd/operations';
import '../rdd/pairOperations';
import { parseMaster } from './parseMaster';

/**
 * The core: makes RDDs and runs jobs on them. It outlives any number of
 * StreamingContexts (`ssc.stop(false)` leaves it running).
 */
export class SparkContext {
  readonly conf: SparkConf;
  readonly master: string;
  readonly appName: string;
  /** Partitions of `parallelize` without `numSlices`, and tasks run at once: N of `local[N]`. */
  readonly defaultParallelism: number;
  readonly startTime = Date.now();
  /** Where text output (`saveAsTextFile(s)`) goes. */
  readonly textOutput = new TextOutput();
  private readonly scheduler: DAGScheduler;
  private stopped = false;
  private nextRddId = 0;
  private nextShuffleId = 0;

  constructor(conf: SparkConf = new SparkConf()) {
    this.conf = conf.clone();
    this.master = this.conf.get('spark.master', 'local[*]');
    this.appName = this.conf.get('spark.app.name', 'eddy');
    const slots = parseMaster(this.master);
    this.defaultParallelism = this.conf.contains('spark.default.parallelism')
      ? this.conf.getNumber('spark.default.parallelism', slots)
      : slots;
    this.scheduler = new DAGScheduler(slots);
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** `SparkContext[local[2], app eddy-repl]` (`, stopped` once stopped): what a REPL shows for `sc`. */
  toString(): string {
    return `SparkContext[${this.master}, app ${this.appName}${this.stopped ? ', stopped' : ''}]`;
  }

  parallelize<T>(data: readonly T[], numSlices: number = this.defaultParallelism): RDD<T> {
    this.assertActive('parallelize');
    if (!Array.isArray(data)) {
      throw new TypeError(`parallelize needs an array, got ${typeof data}. Wrap single values in [ ].`);
    }
    return new ParallelCollectionRDD(this, data, numSlices);
  }

  /** Spark's alias of `parallelize`. */
  makeRDD<T>(data: readonly T[], numSlices?: number): RDD<T> {
    return this.parallelize(data, numSlices);
  }

  emptyRDD<T>(): RDD<T> {
    this.assertActive('emptyRDD');
    return new EmptyRDD<T>(this);
  }

  /**
   * One RDD of all of `rdds`' elements, as Spark's `SparkContext.union`: when they share a
   * partitioner, its partitions (a PartitionerAwareUnionRDD), else theirs side by side (a UnionRDD).
   */
  union<T>(rdds: ReadonlyArray<RDD<T>>): RDD<T> {
    this.assertActive('union');
    return unionOf(this, rdds);
  }

  /** Runs `task` for each partition (or the given ones) of `rdd`; used by actions. */
  runJob<T, R>(rdd: RDD<T>, task: (split: number) => R | Promise<R>, splits?: number[]): Promise<R[]> {
    if (this.stopped) return Promise.reject(this.stoppedError('run a job'));
    return this.scheduler.runJob(rdd, task, splits);
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }

  newRddId(): number {
    return this.nextRddId++;
  }

  newShuffleId(): number {
    return this.nextShuffleId++;
  }

  assertActive(what: string): void {
    if (this.stopped) throw this.stoppedError(what);
  }

  private stoppedError(what: string): Error {
    return illegalState(
      `Cannot ${what}: this SparkContext (${this.appName}) has been stopped.`,
      'Create a new SparkContext, or stop StreamingContexts with stop(false) to keep the SparkContext running.',
    );
  }
}
