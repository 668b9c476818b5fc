import { EddyError } from '../errors/EddyError';
import { formatElement } from '../rdd/formatElement';

/** A batch's elements cut into columns: `values[c][r]` is row r's value for `columns[c]`. */
export interface BatchRows {
  columns: string[];
  values: unknown[][];
  count: number;
}

/**
 * Maps a batch's elements to rows. With `columns`, an array (a tuple) gives one value per
 * position, an object the properties named by `columns`, anything else is a one-column row.
 * Without `columns`, elements must be objects; the columns are their property names
 * (the union over the batch, in first-seen order; a missing property is NULL).
 * Throws an 'invalid-argument' EddyError naming the table and the first element that does not fit.
 */
export function batchRows(elements: readonly unknown[], columns: readonly string[] | undefined, table: string): BatchRows {
  if (columns !== undefined) return byColumns(elements, columns, table);
  const names: string[] = [];
  const index = new Map<string, number>();
  for (const x of elements) {
    if (!isRecord(x)) {
      throw new EddyError('invalid-argument', `saveToPostgres into "${table}": the element ${formatElement(x)} is not an object, and no columns were given.`, {
        hint: `Name the column of each position, e.g. saveToPostgres(stream, { ..., columns: ['word', 'count'] }) for [word, count] tuples.`,
      });
    }
    for (const k of Object.keys(x)) {
      if (!index.has(k)) {
        index.set(k, names.length);
        names.push(k);
      }
    }
  }
  return byColumns(elements, names, table);
}

function byColumns(elements: readonly unknown[], columns: readonly string[], table: string): BatchRows {
  const values: unknown[][] = columns.map(() => new Array<unknown>(elements.length));
  const n = columns.length;
  for (let r = 0; r < elements.length; r++) {
    const x = elements[r];
    if (Array.isArray(x)) {
      if (x.length !== n) {
        throw new EddyError('invalid-argument', `saveToPostgres into "${table}": the element ${formatElement(x)} has ${x.length} values, and columns names ${n} (${columns.join(', ')}).`, {
          hint: 'Give one column name per tuple position, or map the stream to tuples of that length first.',
        });
      }
      for (let c = 0; c < n; c++) values[c][r] = x[c];
    } else if (isRecord(x)) {
      for (let c = 0; c < n; c++) values[c][r] = x[columns[c]];
    } else if (n === 1) {
      values[0][r] = x;
    } else {
      throw new EddyError('invalid-argument', `saveToPostgres into "${table}": the element ${formatElement(x)} is a single value, and columns names ${n} (${columns.join(', ')}).`, {
        hint: 'Map each element to a tuple or an object with those columns first.',
      });
    }
  }
  return { columns: [...columns], values, count: elements.length };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Date) && !(x instanceof Uint8Array);
}
