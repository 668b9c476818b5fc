import * as fs from 'node:fs';
import * as path from 'node:path';
import { EddyError } from '../kernel/errors/EddyError';
import type { SampleInfo } from './SampleInfo';

/** One record of a sample stream and when it arrives, in ms from the start of the recording. */
export interface SampleRecord {
  offsetMs: number;
  record: string;
}

/** The directory holding catalog.json and data/. */
export const SAMPLES_DIR = __dirname;

/** The shipped samples, as listed in samples/catalog.json. */
export function sampleCatalog(): SampleInfo[] {
  return JSON.parse(fs.readFileSync(path.join(SAMPLES_DIR, 'catalog.json'), 'utf8')) as SampleInfo[];
}

/** The catalog entry of `name`; an error listing the known names if there is none. */
export function sampleInfo(name: string): SampleInfo {
  const catalog = sampleCatalog();
  const info = catalog.find((s) => s.name === name);
  if (!info) {
    throw new EddyError('invalid-argument', `There is no sample stream named ${JSON.stringify(name)}.`, {
      hint: `Use one of: ${catalog.map((s) => s.name).join(', ')}.`,
    });
  }
  return info;
}

/** The absolute path of a sample's data file. */
export function samplePath(name: string): string {
  return path.join(SAMPLES_DIR, sampleInfo(name).file);
}

/** Parses the `<offset ms>\t<record>` lines of a sample file; `source` names it in errors. */
export function parseSample(text: string, source: string): SampleRecord[] {
  const out: SampleRecord[] = [];
  const lines = text.split('\n');
  let previous = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '' && i === lines.length - 1) break;
    const tab = line.indexOf('\t');
    const offsetMs = tab > 0 ? Number(line.slice(0, tab)) : NaN;
    if (!Number.isInteger(offsetMs) || offsetMs < previous) {
      throw new EddyError('invalid-argument', `${source} line ${i + 1} is ${JSON.stringify(line.slice(0, 60))}: each line must be "<offset ms>\\t<record>" with offsets that never decrease.`, {
        hint: 'Regenerate the shipped samples with `npx ts-node samples/generate.ts`, or fix the line.',
      });
    }
    previous = offsetMs;
    out.push({ offsetMs, record: line.slice(tab + 1) });
  }
  return out;
}

/** All records of a shipped sample, in arrival order. */
export function readSample(name: string): SampleRecord[] {
  const file = samplePath(name);
  return parseSample(fs.readFileSync(file, 'utf8'), file);
}

/**
 * The records of a sample grouped into batches of `batchMs` of recording time (batch i
 * holds offsets in [i·batchMs, (i+1)·batchMs)), ready for `ssc.queueStream`. With
 * `speed` > 1 the recording is replayed faster: each batch covers `batchMs · speed` ms of it.
 */
export function sampleBatches(name: string, batchMs: number, options: { speed?: number; limit?: number } = {}): string[][] {
  const speed = options.speed ?? 1;
  if (!(batchMs > 0) || !(speed > 0)) {
    throw new EddyError('invalid-argument', `sampleBatches(${JSON.stringify(name)}, ${batchMs}, { speed: ${speed} }): the batch length and speed must be positive.`, {
      hint: 'Pass the batch interval in ms, e.g. sampleBatches("words", 1000).',
    });
  }
  const span = batchMs * speed;
  const batches: string[][] = [];
  for (const { offsetMs, record } of readSample(name)) {
    const i = Math.floor(offsetMs / span);
    if (options.limit !== undefined && i >= options.limit) break;
    while (batches.length <= i) batches.push([]);
    batches[i].push(record);
  }
  return batches;
}
