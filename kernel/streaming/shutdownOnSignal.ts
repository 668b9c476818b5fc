import { onTermination } from '../interrupt/interrupts';
import type { StreamingContext } from './StreamingContext';

/** Conf key, as Spark: `'true'` makes SIGTERM and SIGINT stop the context gracefully before the process exits. */
export const STOP_GRACEFULLY_ON_SHUTDOWN = 'spark.streaming.stopGracefullyOnShutdown';

/**
 * Spark's shutdown hook with `spark.streaming.stopGracefullyOnShutdown=true`: on SIGTERM
 * or SIGINT the context stops with `stop(true, true)` — receivers stop, every batch
 * already received runs, the last checkpoint is written — then the process exits
 * (status 0; a second signal exits at once, status 130/143). Returns the remover, which
 * the context calls when it stops by itself.
 *
 * Without the setting no handler is installed: the signal ends the process at once,
 * and what was checkpointed is what completed (each checkpoint file is whole, see
 * checkpointFile.ts), so a restart with getOrCreate re-runs the rest.
 */
export function stopGracefullyOnSignals(ssc: StreamingContext, exit: (code: number) => void = (code) => process.exit(code)): () => void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      exit(signal === 'SIGINT' ? 130 : 143);
      return;
    }
    stopping = true;
    ssc.err(`${signal}: stopping the StreamingContext gracefully (${STOP_GRACEFULLY_ON_SHUTDOWN}=true); a second ${signal} exits at once.\n`);
    ssc.stop(true, true).then(
      () => exit(0),
      (error) => {
        ssc.err(`Graceful stop failed: ${error instanceof Error ? error.message : String(error)}\n`);
        exit(1);
      },
    );
  };
  // SIGTERM through onTermination: while user code runs away, SIGTERM must still end the process.
  const offTermination = onTermination(onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    offTermination();
    process.off('SIGINT', onSignal);
  };
}
