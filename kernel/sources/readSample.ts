import * as fs from 'node:fs';
import * as path from 'node:path';
import { EddyError } from '../errors/EddyError';

/** One recorded record: when it arrived (ms from the start of the recording) and its text. */
export interface SampleRecord {
  offsetMs: number;
  record: string;
}

export interface Sample {
  name: string;
  records: SampleRecord[];
  /** Length of the recording: the catalog's durationMs, else the last offset + 1. */
  durationMs: number;
}

interface CatalogEntry {
  name: string;
  file: string;
  durationMs?: number;
}

/** The samples shipped with Eddy (see samples/README.md for the format). */
export const defaultSamplesDir = path.resolve(__dirname, '../../samples');

/**
 * Reads a sample by name from `<dir>/catalog.json` and its `<offset ms>\t<record>` file.
 * Unknown names throw an EddyError listing the known ones.
 */
export function readSample(name: string, dir = defaultSamplesDir): Sample {
  const catalogPath = path.join(dir, 'catalog.json');
  let catalog: CatalogEntry[];
  try {
    catalog = JSON.parse(fs.readFileSync(catalogPath, 'utf8')) as CatalogEntry[];
  } catch (error) {
    throw new EddyError('io', `sampleStream cannot read the sample catalog ${catalogPath}: ${error instanceof Error ? error.message : String(error)}.`, {
      hint: 'Pass { dir } pointing at a folder with catalog.json and data/<name>.tsv.',
    });
  }
  const entry = catalog.find((e) => e.name === name);
  if (entry === undefined) {
    throw new EddyError('invalid-argument', `There is no sample named ${JSON.stringify(name)}.`, {
      hint: `Known samples: ${catalog.map((e) => e.name).join(', ')}.`,
    });
  }
  const file = path.join(dir, entry.file);
  const records: SampleRecord[] = [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (line === '') return;
    const tab = line.indexOf('\t');
    const offsetMs = Number(line.slice(0, tab));
    if (tab < 0 || !Number.isInteger(offsetMs) || offsetMs < 0) {
      throw new EddyError('io', `${file}:${i + 1} is not "<offset ms>\\t<record>": ${JSON.stringify(line.slice(0, 80))}.`, {
        hint: 'Each line must start with a non-negative whole number of ms, then a tab.',
      });
    }
    records.push({ offsetMs, record: line.slice(tab + 1) });
  });
  const last = records.length > 0 ? records[records.length - 1].offsetMs : 0;
  return { name, records, durationMs: entry.durationMs ?? last + 1 };
}
