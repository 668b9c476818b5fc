/**
 * `npm run bench [-- --json] [names...]`: runs every case in bench/cases, each in the
 * same process one after another. `--json` prints one object per line:
 * {"name", "unit", "eddy", "baseline", "ratio"}.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ratioOf, type BenchCase } from './BenchCase';

async function main(): Promise<boolean> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const names = args.filter((a) => !a.startsWith('--'));
  const dir = path.join(__dirname, 'cases');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
  const cases: BenchCase[] = [];
  for (const f of files) {
    const mod = (await import(path.join(dir, f))) as { default?: BenchCase | BenchCase[] };
    const exported = mod.default;
    if (exported) cases.push(...(Array.isArray(exported) ? exported : [exported]));
  }
  const chosen = cases.filter((c) => names.length === 0 || names.some((n) => c.name.includes(n)));
  let failed = false;
  for (const c of chosen) {
    const why = c.unavailable?.();
    if (why) {
      if (json) console.log(JSON.stringify({ name: c.name, unit: c.unit, eddy: null, baseline: null, ratio: null, skipped: why }));
      else console.log(`${c.name}: skipped: ${why}`);
      continue;
    }
    // A case that fails (a server hiccup) is run once more; a second failure is reported, not fatal.
    let r: Awaited<ReturnType<BenchCase['run']>>;
    try {
      r = await c.run().catch(() => c.run());
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      failed = true;
      if (json) console.log(JSON.stringify({ name: c.name, unit: c.unit, eddy: null, baseline: null, ratio: null, error: why }));
      else console.log(`${c.name}: failed twice: ${why}`);
      continue;
    }
    const ratio = ratioOf(c, r);
    if (json) {
      console.log(JSON.stringify({ name: c.name, unit: c.unit, eddy: round(r.eddy), baseline: round(r.baseline), ratio: round(ratio) }));
    } else {
      const verdict = ratio >= c.target ? 'meets' : 'MISSES';
      const notes = r.notes ? '  ' + Object.entries(r.notes).map(([k, v]) => `${k}=${v}`).join(' ') : '';
      console.log(
        `${c.name.padEnd(28)} eddy ${fmt(r.eddy)} ${c.unit}  baseline ${fmt(r.baseline)} ${c.unit}  ratio ${round(ratio)} (${verdict} target ${c.target})${notes}`,
      );
    }
  }
  return !failed;
}

function round(x: number): number {
  return Math.abs(x) >= 100 ? Math.round(x) : Math.round(x * 1000) / 1000;
}

function fmt(x: number): string {
  return round(x).toLocaleString('en-US');
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
