import { promises as fs } from 'node:fs';
import * as path from 'node:path';

const CATALOG = path.resolve(__dirname, '..', 'samples', 'catalog.json');

interface CatalogEntry {
  name: string;
  description: string;
}

/** `:samples`: the built-in `lines`, then each stream of samples/catalog.json when present. */
export async function listSamples(catalogPath = CATALOG): Promise<string> {
  const rows: CatalogEntry[] = [{ name: 'lines', description: 'built in: a few lines of text every batch, as a queue stream (no server needed)' }];
  let note = '';
  try {
    rows.push(...entriesOf(JSON.parse(await fs.readFile(catalogPath, 'utf8')) as unknown).map((e) => ({ ...e, name: `ssc.sampleStream('${e.name}')` })));
  } catch (error) {
    note = (error as NodeJS.ErrnoException).code === 'ENOENT' ? '' : `\n(could not read ${catalogPath}: ${(error as Error).message})`;
  }
  const width = Math.max(...rows.map((r) => r.name.length)) + 2;
  return rows.map((r) => `${r.name.padEnd(width)}${r.description}`).join('\n') + note;
}

/** The catalog may be a list of `{name, description}` or an object keyed by name. */
function entriesOf(json: unknown): CatalogEntry[] {
  const list = Array.isArray(json)
    ? json
    : typeof json === 'object' && json !== null
      ? Array.isArray((json as { samples?: unknown }).samples)
        ? ((json as { samples: unknown[] }).samples)
        : Object.entries(json).map(([name, v]) => (typeof v === 'string' ? { name, description: v } : { name, ...(v as object) }))
      : [];
  return list
    .filter((e): e is { name: string; description?: unknown; summary?: unknown } => typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string')
    .map((e) => ({ name: e.name, description: String(e.description ?? e.summary ?? '') }));
}
