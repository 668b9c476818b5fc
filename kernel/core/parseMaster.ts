import * as os from 'node:os';
import { EddyError } from '../errors/EddyError';

/** The number of task slots of `local`, `local[N]` and `local[*]`, as Spark reads spark.master. */
export function parseMaster(master: string): number {
  if (master === 'local') return 1;
  const m = /^local\[(\*|\d+)\]$/.exec(master.trim());
  if (m) {
    const n = m[1] === '*' ? os.availableParallelism() : Number(m[1]);
    if (n >= 1) return n;
  }
  throw new EddyError('invalid-config', `spark.master is set to "${master}", which Eddy cannot run.`, {
    hint: 'Use "local", "local[N]" with N >= 1, or "local[*]" for one slot per core.',
  });
}
