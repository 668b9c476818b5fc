import type { DStream } from '../dstream/DStream';
import { EddyError } from '../errors/EddyError';
import type { DStreamGraph } from '../graph/DStreamGraph';
import { Duration } from '../util/Duration';
import type { StreamShape } from './Checkpoint';

/** Each stream of the graph (inputs, outputs and between) as the checkpoint records it, by id. */
export function graphShape(graph: DStreamGraph): StreamShape[] {
  return graph
    .allStreams()
    .sort((a, b) => a.id - b.id)
    .map((s) => shapeOf(s));
}

function shapeOf(s: DStream<unknown>): StreamShape {
  const window = (s as unknown as { windowDuration?: unknown }).windowDuration;
  return {
    id: s.id,
    className: s.constructor.name,
    name: s.name,
    slideMs: s.slideDuration.milliseconds,
    windowMs: window instanceof Duration ? window.milliseconds : undefined,
    rememberMs: s.rememberDuration?.milliseconds,
    checkpointMs: s.checkpointDuration?.milliseconds,
    parents: s.dependencies.map((d) => d.id),
  };
}

/**
 * Throws a `checkpoint-mismatch` error naming the first stream (by id) whose class,
 * operation, slide, window or parents differ between the checkpoint and the graph
 * `create()` built. Remember and checkpoint intervals are derived at start and may change.
 */
export function assertSameShape(saved: readonly StreamShape[], built: readonly StreamShape[], directory: string): void {
  const describe = (x: StreamShape | undefined): string =>
    x === undefined
      ? 'nothing'
      : `${x.className}[${x.id}] ${x.name} (slide ${x.slideMs} ms${x.windowMs === undefined ? '' : `, window ${x.windowMs} ms`}${x.parents.length ? `, reads ${x.parents.map((p) => `[${p}]`).join(' ')}` : ''})`;
  const ids = [...new Set([...saved.map((x) => x.id), ...built.map((x) => x.id)])].sort((a, b) => a - b);
  for (const id of ids) {
    const a = saved.find((x) => x.id === id);
    const b = built.find((x) => x.id === id);
    const same =
      a !== undefined &&
      b !== undefined &&
      a.className === b.className &&
      a.name === b.name &&
      a.slideMs === b.slideMs &&
      a.windowMs === b.windowMs &&
      a.parents.join(',') === b.parents.join(',');
    if (!same) {
      throw new EddyError(
        'checkpoint-mismatch',
        `The checkpoint in ${directory} was written by a different pipeline: stream ${id} was ${describe(a)}, and create() now builds ${describe(b)}.`,
        { hint: `Restore the code that wrote the checkpoint to recover it, or delete ${directory} to start afresh (its state is then lost).` },
      );
    }
  }
}
