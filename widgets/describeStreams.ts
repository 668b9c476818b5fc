import { Duration, type DStream, type StreamingContext } from '../kernel';

/** One stream of the DStream graph, as the web UI draws it. Durations in ms. */
export interface GraphNode {
  id: number;
  /** The operation that made it (`map`, `window`, `toUI`, ...). */
  name: string;
  /** Its class, as `:graph` shows (`WindowedDStream`). */
  kind: string;
  slideMs: number;
  /** Set for windowed streams (`window`, `reduceByKeyAndWindow`, ...). */
  windowMs: number | undefined;
  /** `describe()`: slide, window, state, remember and checkpoint durations in words. */
  description: string;
  /** The streams it reads (`dependencies`), by id. */
  parents: number[];
  /** An output operation's id, for output streams. */
  outputOpId: number | undefined;
}

/** The context's DStream graph as plain data: every stream reachable from its outputs and inputs, once, by id. */
export function describeStreams(ssc: StreamingContext): GraphNode[] {
  const nodes = new Map<number, GraphNode>();
  const visit = (s: DStream<unknown>): void => {
    if (nodes.has(s.id)) return;
    const windowDuration = (s as { windowDuration?: unknown }).windowDuration;
    const outputOpId = (s as { outputOpId?: unknown }).outputOpId;
    nodes.set(s.id, {
      id: s.id,
      name: s.name,
      kind: s.constructor.name,
      slideMs: s.slideDuration.milliseconds,
      windowMs: windowDuration instanceof Duration ? windowDuration.milliseconds : undefined,
      description: s.describe(),
      parents: s.dependencies.map((d) => d.id),
      outputOpId: typeof outputOpId === 'number' ? outputOpId : undefined,
    });
    for (const d of s.dependencies) visit(d);
  };
  for (const o of ssc.graph.outputStreams) visit(o as DStream<unknown>);
  for (const i of ssc.graph.inputStreams) visit(i as DStream<unknown>);
  return [...nodes.values()].sort((a, b) => a.id - b.id);
}
