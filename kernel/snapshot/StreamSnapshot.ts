import { formatElement } from '../rdd/formatElement';

/**
 * A bounded picture of one batch of a stream, small enough to send to a front each batch:
 *
 * - `bars`: every element was a `[key, number]` pair; `rows` are the top `k` pairs by value,
 *   largest first (ties by the key's text), keys written as `print()` writes them.
 * - `table`: anything else; `rows` are the first `k` elements in partition order, written as
 *   `print()` writes them.
 *
 * `total` is the number of elements in the batch. Each written key or row is cut to
 * `maxChars` characters (with `…`), so a snapshot's size is bounded in bytes too.
 */
export type StreamSnapshot =
  | { kind: 'bars'; total: number; rows: Array<[string, number]> }
  | { kind: 'table'; total: number; rows: string[] };

export interface SnapshotLimits {
  /** Rows kept: top k pairs or first k elements (default 10). */
  k: number;
  /** Longest written row or key, in characters (default 200). */
  maxChars: number;
}

export const DEFAULT_SNAPSHOT_LIMITS: SnapshotLimits = { k: 10, maxChars: 200 };

/**
 * One partition's running summary, so a batch is snapshotted without holding it: its
 * element count, its first k elements, and (while every element is a numeric pair) its top
 * k pairs. Summaries of partitions merge in partition order.
 */
export interface SnapshotSummary {
  total: number;
  first: unknown[];
  /** Undefined once a non-pair element was seen. */
  top: Array<[string, number]> | undefined;
}

export function emptySummary(): SnapshotSummary {
  return { total: 0, first: [], top: [] };
}

function isNumericPair(x: unknown): x is [unknown, number] {
  return Array.isArray(x) && x.length === 2 && typeof x[1] === 'number';
}

function byValueThenKey(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

/** Cuts `text` to `maxChars` characters, marking the cut. */
export function clip(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, Math.max(0, maxChars - 1))}…`;
}

/** Folds one element into a summary; keeps at most 2k candidate pairs between sorts. */
export function addToSummary(s: SnapshotSummary, x: unknown, limits: SnapshotLimits): SnapshotSummary {
  s.total++;
  if (s.first.length < limits.k) s.first.push(x);
  if (s.top !== undefined) {
    if (!isNumericPair(x)) s.top = undefined;
    else {
      s.top.push([clip(formatElement(x[0]), limits.maxChars), x[1]]);
      if (s.top.length >= 2 * limits.k) s.top = s.top.sort(byValueThenKey).slice(0, limits.k);
    }
  }
  return s;
}

/** The snapshot of a batch from its partitions' summaries, in partition order. */
export function mergeSummaries(parts: SnapshotSummary[], limits: SnapshotLimits): StreamSnapshot {
  let total = 0;
  const first: unknown[] = [];
  let top: Array<[string, number]> | undefined = [];
  for (const p of parts) {
    total += p.total;
    for (const x of p.first) if (first.length < limits.k) first.push(x);
    top = p.top === undefined || top === undefined ? undefined : top.concat(p.top);
  }
  if (total > 0 && top !== undefined) return { kind: 'bars', total, rows: top.sort(byValueThenKey).slice(0, limits.k) };
  return { kind: 'table', total, rows: first.map((x) => clip(formatElement(x), limits.maxChars)) };
}

/** The snapshot of elements held in memory (the same rules as a batch's). */
export function snapshotOf(elements: readonly unknown[], limits: Partial<SnapshotLimits> = {}): StreamSnapshot {
  const l = { ...DEFAULT_SNAPSHOT_LIMITS, ...limits };
  const s = emptySummary();
  for (const x of elements) addToSummary(s, x, l);
  return mergeSummaries([s], l);
}
