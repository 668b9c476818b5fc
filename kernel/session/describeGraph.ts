import type { DStream } from '../dstream/DStream';
import type { StreamingContext } from '../streaming/StreamingContext';

/**
 * The context's DStream graph as text: one tree per output operation, each stream with
 * its slide/window (from `describe()`) and the batch times of the RDDs it remembers now.
 */
export function describeGraph(ssc: StreamingContext): string {
  const outputs = ssc.graph.outputStreams;
  if (outputs.length === 0) {
    const inputs = ssc.graph.inputStreams.map((s) => `  ${s.describe()}`);
    return ['(no output operations yet: add .print() or .foreachRDD(...) to a stream)', ...(inputs.length ? ['inputs:', ...inputs] : [])].join('\n');
  }
  const lines: string[] = [];
  const visit = (s: DStream<unknown>, indent: string, last: boolean, root: boolean): void => {
    const remembered = s.rememberedTimes().map((t) => t.milliseconds);
    const held = remembered.length ? `  remembers ${remembered.length} RDD${remembered.length > 1 ? 's' : ''} [${remembered.join(', ')}]` : '';
    lines.push(`${root ? '' : `${indent}${last ? '└─ ' : '├─ '}`}${s.describe()}${held}`);
    const deps = s.dependencies;
    const childIndent = root ? '' : indent + (last ? '   ' : '│  ');
    deps.forEach((d, i) => visit(d, childIndent, i === deps.length - 1, false));
  };
  outputs.forEach((o) => visit(o as DStream<unknown>, '', true, true));
  return lines.join('\n');
}
