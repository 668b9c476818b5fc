import { runInterruptibly } from '../interrupt/interrupts';
import type { ShuffleDependency } from './Dependency';
import type { RDD } from './RDD';
import { runShuffleMapTask } from './runShuffleMapTask';

type AnyShuffle = ShuffleDependency<unknown, unknown, unknown>;

/**
 * Runs jobs on RDDs: first every shuffle map stage the result needs (each once, its
 * outputs kept on the dependency), then one task per wanted partition, at most
 * `parallelism` at a time. Tasks are synchronous loops unless a source must fetch data
 * or the user's function awaits; only then does concurrency matter. Each task's synchronous
 * part runs interruptibly (`runInterruptibly`): a SIGINT ends a runaway task, which fails.
 */
export class DAGScheduler {
  constructor(private readonly parallelism: number) {}

  /**
   * Runs `task` on the wanted partitions (all by default), then checkpoints the RDDs of the
   * lineage that are marked for it (see `checkpointLineage`).
   */
  async runJob<T, R>(rdd: RDD<T>, task: (split: number) => R | Promise<R>, splits?: number[]): Promise<R[]> {
    const results = await this.run(rdd, task, splits);
    await this.checkpointLineage(rdd as RDD<unknown>);
    return results;
  }

  private async run<T, R>(rdd: RDD<T>, task: (split: number) => R | Promise<R>, splits?: number[]): Promise<R[]> {
    await this.computeShuffles(rdd as RDD<unknown>);
    const wanted = splits ?? Array.from({ length: rdd.getNumPartitions() }, (_v, i) => i);
    return this.runTasks(wanted, async (split) => {
      if (rdd.hasAsyncSource) await rdd.preparePartition(split);
      return runInterruptibly(() => task(split), `task ${split} of ${rdd}`);
    });
  }

  /**
   * After a job, as Spark's `RDD.doCheckpoint`: every marked RDD of the lineage (state,
   * inverse windows, `checkpoint()`) is computed whole, whatever partitions the job read,
   * and cut from its lineage. why whole: `print()` reads only the first partitions, and a
   * state partition left uncomputed would keep the chain of every earlier batch alive
   * (heap and batch time growing, then a stack overflow). Parents are cut before children.
   */
  private async checkpointLineage(root: RDD<unknown>): Promise<void> {
    const marked: Array<RDD<unknown>> = [];
    const seen = new Set<RDD<unknown>>();
    const visit = (rdd: RDD<unknown>): void => {
      if (seen.has(rdd) || rdd.isCheckpointed()) return;
      seen.add(rdd);
      for (const dep of rdd.deps) visit(dep.rdd);
      if (rdd.isMarkedForCheckpoint()) marked.push(rdd);
    };
    visit(root);
    for (const rdd of marked) {
      if (!rdd.isFullyCached()) await this.run(rdd, (split) => rdd.materializePartition(split));
      rdd.cutLineage();
    }
  }

  /** Map stages for every shuffle below `rdd` whose outputs are not there yet, parents first. */
  private async computeShuffles(rdd: RDD<unknown>): Promise<void> {
    for (const dep of this.missingShuffles(rdd)) {
      if (dep.mapOutputs) continue;
      dep.running ??= this.runMapStage(dep).finally(() => {
        dep.running = undefined;
      });
      await dep.running;
    }
  }

  private async runMapStage(dep: AnyShuffle): Promise<void> {
    await this.computeShuffles(dep.rdd);
    const splits = Array.from({ length: dep.rdd.getNumPartitions() }, (_v, i) => i);
    const outputs = await this.runTasks(splits, async (split) => {
      if (dep.rdd.hasAsyncSource) await dep.rdd.preparePartition(split);
      return runInterruptibly(() => runShuffleMapTask(dep, split), `shuffle map task ${split} of ${dep.rdd}`);
    });
    dep.mapOutputs = outputs;
  }

  /** Shuffles reachable through narrow dependencies, stopping where data is already held. */
  private missingShuffles(root: RDD<unknown>): AnyShuffle[] {
    const found: AnyShuffle[] = [];
    const seen = new Set<RDD<unknown>>();
    const stack = [root];
    while (stack.length > 0) {
      const rdd = stack.pop() as RDD<unknown>;
      if (seen.has(rdd) || rdd.isFullyCached()) continue;
      seen.add(rdd);
      for (const dep of rdd.deps) {
        if (dep.kind === 'shuffle') {
          if (!dep.mapOutputs) found.push(dep);
        } else {
          stack.push(dep.rdd);
        }
      }
    }
    return found;
  }

  private async runTasks<R>(splits: number[], run: (split: number) => Promise<R>): Promise<R[]> {
    const results = new Array<R>(splits.length);
    let next = 0;
    let failure: { error: unknown } | undefined;
    const worker = async (): Promise<void> => {
      while (next < splits.length && failure === undefined) {
        const i = next++;
        try {
          results[i] = await run(splits[i]);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    const workers: Promise<void>[] = [];
    for (let w = 0; w < Math.min(this.parallelism, splits.length); w++) workers.push(worker());
    await Promise.all(workers);
    if (failure) throw failure.error;
    return results;
  }
}
