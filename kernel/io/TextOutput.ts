import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { EddyError } from '../errors/EddyError';

/**
 * Writes a dataset as Hadoop's text output does: `part-00000` ... one file per partition,
 * one line per element, then an empty `_SUCCESS`. The files are written into a hidden
 * sibling directory which is renamed into place last, so a reader never sees half a batch.
 */
export class TextOutput {
  /**
   * With `replace`, an existing directory is swapped for the new one: the new one is
   * complete before the old one moves aside, so a reader sees one or the other.
   */
  async writeDirectory(target: string, partitions: string[][], options: { replace?: boolean } = {}): Promise<void> {
    const finalDir = path.resolve(target);
    const existed = await exists(finalDir);
    if (existed && options.replace !== true) {
      throw new EddyError('io', `Output directory ${finalDir} already exists.`, {
        hint: 'Choose a new path, or delete the old directory first.',
      });
    }
    const parent = path.dirname(finalDir);
    await fs.mkdir(parent, { recursive: true });
    const temp = await fs.mkdtemp(path.join(parent, `.${path.basename(finalDir)}.tmp-`));
    try {
      await Promise.all(
        partitions.map((lines, i) =>
          fs.writeFile(path.join(temp, `part-${String(i).padStart(5, '0')}`), lines.length ? lines.join('\n') + '\n' : ''),
        ),
      );
      await fs.writeFile(path.join(temp, '_SUCCESS'), '');
      if (existed) {
        const old = `${temp}-old`;
        await fs.rename(finalDir, old);
        await fs.rename(temp, finalDir);
        await fs.rm(old, { recursive: true, force: true });
      } else {
        await fs.rename(temp, finalDir);
      }
    } catch (error) {
      await fs.rm(temp, { recursive: true, force: true });
      throw error;
    }
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}
