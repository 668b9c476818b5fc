import { StreamingContext, type Session } from '../kernel';

/** What a user sees first: what is in scope, and one line to try. */
export function banner(session: Session): string {
  const s = session.status();
  return [
    `Eddy — Spark Streaming in TypeScript. Type :help for commands, .exit to leave.`,
    `  sc      SparkContext (${s.master}, ${session.sc.defaultParallelism} partitions by default)`,
    `  ssc     StreamingContext: ${s.batchMs} ms batches, ${s.clock} clock, checkpoints in ${s.checkpointDir}`,
    `  lines   built-in sample stream: a few lines of text every batch (no server needed)`,
    ...(typeof (StreamingContext.prototype as { sampleStream?: unknown }).sampleStream === 'function'
      ? [`  ssc.sampleStream('words')  recorded samples replayed live; :samples lists them`]
      : []),
    `  db      the session's SQL database (PGlite, opened on first use); :sql select ... queries it`,
    `  Every API name (Seconds, StreamingContext, ...) is in scope.`,
    `Try:  lines.flatMap(l => l.split(' ')).countByValue().print(); ssc.start()`,
    `Then: :new 1s --manual  to rebuild on a manual clock and :step 3 through it.`,
    '',
  ].join('\n');
}
