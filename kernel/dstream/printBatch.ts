import type { RDD } from '../rdd/RDD';
import { formatElement } from '../rdd/formatElement';
import type { Time } from '../util/Time';

const RULE = '-------------------------------------------';

/**
 * Spark's `print()` block for one batch: a rule, `Time: <ms> ms`, a rule, up to `num`
 * elements, `...` when there are more, then an empty line.
 */
export async function printBatch(rdd: RDD<unknown>, time: Time, num: number): Promise<string> {
  const first = await rdd.take(num + 1);
  const lines = [RULE, `Time: ${time}`, RULE];
  for (const x of first.slice(0, num)) lines.push(formatElement(x));
  if (first.length > num) lines.push('...');
  lines.push('');
  return lines.join('\n') + '\n';
}
