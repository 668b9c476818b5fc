import * as fs from 'node:fs';
import { invalidArgument } from '../errors/EddyError';

/**
 * The checkpointing of one StreamingContext: where checkpoints go (`ssc.checkpoint(dir)`).
 */
export class ContextCheckpointing {
  directory: string | undefined;

  /** Spark's `ssc.checkpoint(dir)`: creates the directory if needed. */
  setDirectory(directory: string): void {
    if (typeof directory !== 'string' || directory.length === 0) {
      throw invalidArgument('checkpoint() needs a directory path.', "For example ssc.checkpoint('/tmp/eddy-checkpoint').");
    }
    fs.mkdirSync(directory, { recursive: true });
    this.directory = directory;
  }
}
