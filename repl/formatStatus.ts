import type { SessionStatus } from '../kernel';

/** `:status` as a few aligned lines. */
export function formatStatus(s: SessionStatus): string {
  const ms = (x: number | undefined): string => (x === undefined ? '-' : `${x} ms`);
  const lines = [
    `context      #${s.contextNumber} ${s.state}, batch ${s.batchMs} ms, ${s.clock} clock${s.clock === 'manual' ? ` at ${s.clockTime} ms` : ''}`,
    `sc           ${s.master}${s.sparkContextStopped ? ' (stopped: :new makes a fresh one)' : ''}`,
    `checkpoint   ${s.checkpointDir ?? '(none)'}${
      s.lastCheckpoint ? `, last at batch ${s.lastCheckpoint.time} ms (${s.lastCheckpoint.bytes} bytes, written ${new Date(s.lastCheckpoint.writtenAt).toISOString()})` : s.checkpointDir ? ', none written yet' : ''
    }`,
    `streams      ${s.inputs.length} input${s.inputs.length === 1 ? '' : 's'}, ${s.outputs} output operation${s.outputs === 1 ? '' : 's'}`,
    ...s.inputs.map((i) => `               ${i}`),
    `receivers    ${s.receivers.length === 0 ? '(none)' : s.receivers.length}`,
    ...s.receivers.map((r) => `               [${r.streamId}] ${r.name} ${r.active ? 'active' : 'stopped'}${r.lastErrorMessage ? ` (last error: ${r.lastErrorMessage})` : ''}`),
    `batches      ${s.batchesCompleted} completed, ${s.batchesFailed} with failures, ${s.pendingBatches} waiting; ${s.recordsTotal} records from inputs`,
  ];
  const last = s.lastBatch;
  lines.push(
    last
      ? `last batch   ${last.time} ms: ${last.numRecords} records, scheduling ${ms(last.schedulingDelay)}, processing ${ms(last.processingDelay)}, total ${ms(last.totalDelay)}`
      : 'last batch   (none yet)',
  );
  return lines.join('\n');
}
