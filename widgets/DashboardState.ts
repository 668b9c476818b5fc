import type { BatchInfo, RateInfo, ReceiverInfo } from '../kernel';
import { msOf, type DashboardEvent, type TapSnapshot } from './DashboardEvent';
import { RingBuffer } from './RingBuffer';

export type BatchStatus = 'queued' | 'processing' | 'done' | 'failed';

/** One row of the recent-batches table and one point of each chart. Delays in ms. */
export interface BatchRow {
  batchTime: number;
  numRecords: number;
  schedulingDelay: number | undefined;
  processingDelay: number | undefined;
  totalDelay: number | undefined;
  status: BatchStatus;
  failedOutputs: number;
}

/** One input stream's receiver status and rate-control figures (rate in records/s). */
export interface ReceiverRow {
  streamId: number;
  name: string;
  /** Undefined until a receiver event says (a rate update may come first). */
  active: boolean | undefined;
  lastError: string;
  rate: number | undefined;
  proportional: number | undefined;
  integral: number | undefined;
  derivative: number | undefined;
  queued: number | undefined;
}

export interface LogLine {
  level: 'out' | 'err' | 'info';
  text: string;
}

export interface DashboardStateOptions {
  /** How many recent batches the charts and table keep (default 60). */
  batchCapacity?: number;
  /** How many log lines are kept (default 300). */
  logCapacity?: number;
}

/**
 * Everything the dashboard shows, as plain data built only from events: ring buffers
 * of the last N batches and log lines, receiver rows, the latest tap. No terminal code
 * here, so it is tested without one; `version` changes whenever something visible does.
 */
export class DashboardState {
  appName = '';
  batchIntervalMs: number | undefined;
  status: 'waiting' | 'running' | 'stopped' | 'detached' = 'waiting';
  completedBatches = 0;
  totalRecords = 0;
  readonly batches: RingBuffer<BatchRow>;
  readonly log: RingBuffer<LogLine>;
  readonly receivers = new Map<number, ReceiverRow>();
  tap: TapSnapshot | undefined;
  version = 0;
  private hellos = 0;

  constructor(options: DashboardStateOptions = {}) {
    this.batches = new RingBuffer(options.batchCapacity ?? 60);
    this.log = new RingBuffer(options.logCapacity ?? 300);
  }

  /** Folds one event in; returns whether anything visible changed. */
  apply(event: DashboardEvent): boolean {
    const changed = this.fold(event);
    if (changed) this.version++;
    return changed;
  }

  /** Forgets the previous context's batches, totals, receivers, tap and log; `notice` opens the new log. */
  reset(notice: string): void {
    this.completedBatches = 0;
    this.totalRecords = 0;
    this.batches.clear();
    this.log.clear();
    this.receivers.clear();
    this.tap = undefined;
    this.status = 'waiting';
    this.addText('info', notice);
  }

  /** Completed batches, oldest first: the charts' points. */
  completed(): BatchRow[] {
    return this.batches.toArray().filter((b) => b.status === 'done' || b.status === 'failed');
  }

  private fold(event: DashboardEvent): boolean {
    switch (event.type) {
      case 'dash.hello':
        // A hello starts a context's view (the feed replays its history after it): after
        // :new, or a session found again, nothing of the previous context stays.
        if (this.hellos++ > 0) this.reset(`following a new context: ${formatInterval(event.payload.batchIntervalMs)} batches, ${event.payload.state.toLowerCase()}`);
        this.appName = event.payload.appName;
        this.batchIntervalMs = event.payload.batchIntervalMs;
        this.status = event.payload.state === 'ACTIVE' ? 'running' : event.payload.state === 'STOPPED' ? 'stopped' : 'waiting';
        return true;
      case 'stream.snapshot': {
        const { name, batchTime, snapshot } = event.payload;
        this.tap = { ...snapshot, label: name, batchTime };
        return true;
      }
      case 'dash.graph':
        return false;
      case 'dash.log':
        this.addText(event.payload.level, event.payload.text);
        return true;
      case 'dash.closed':
        this.status = 'detached';
        this.addText('info', `detached: ${event.payload.reason}`);
        return true;
      case 'streaming.started':
        this.status = 'running';
        return true;
      case 'streaming.stopped':
        this.status = 'stopped';
        this.addText('info', 'streaming stopped');
        return true;
      case 'batch.submitted':
        this.upsert(event.payload.batchInfo, 'queued');
        return true;
      case 'batch.started':
        this.upsert(event.payload.batchInfo, 'processing');
        return true;
      case 'batch.completed': {
        const row = this.upsert(event.payload.batchInfo, 'done');
        if (row.failedOutputs > 0) row.status = 'failed';
        this.completedBatches++;
        this.totalRecords += row.numRecords;
        return true;
      }
      case 'output.started':
        return false;
      case 'output.completed': {
        const info = event.payload.outputOperationInfo;
        if (info.failureReason === undefined) return false;
        const t = msOf(info.batchTime);
        const row = this.batches.findLast((b) => b.batchTime === t);
        if (row) row.failedOutputs++;
        this.addText('err', `batch ${t} ms, output op ${info.id} failed: ${info.failureReason}`);
        return true;
      }
      case 'receiver.started':
      case 'receiver.stopped':
      case 'receiver.error':
        this.receiverInfo(event.payload.receiverInfo, event.type);
        return true;
      case 'rate.updated':
        this.rate(event.payload);
        return true;
      case 'output.text':
        this.addText('out', event.payload.text);
        return true;
      case 'listener.error':
        this.addText('err', `listener ${event.payload.listener} threw on ${event.payload.eventType}: ${event.payload.error}`);
        return true;
      default:
        return assertNever(event);
    }
  }

  private upsert(info: BatchInfo, status: BatchStatus): BatchRow {
    const batchTime = msOf(info.batchTime);
    let row = this.batches.findLast((b) => b.batchTime === batchTime);
    if (!row) {
      row = { batchTime, numRecords: 0, schedulingDelay: undefined, processingDelay: undefined, totalDelay: undefined, status, failedOutputs: 0 };
      this.batches.push(row);
    }
    row.status = status;
    row.numRecords = info.numRecords;
    row.schedulingDelay = info.schedulingDelay ?? undefined;
    row.processingDelay = info.processingDelay ?? undefined;
    row.totalDelay = info.totalDelay ?? undefined;
    return row;
  }

  private receiverRow(streamId: number, name: string): ReceiverRow {
    let row = this.receivers.get(streamId);
    if (!row) {
      row = { streamId, name, active: undefined, lastError: '', rate: undefined, proportional: undefined, integral: undefined, derivative: undefined, queued: undefined };
      this.receivers.set(streamId, row);
    }
    return row;
  }

  private receiverInfo(info: ReceiverInfo, type: 'receiver.started' | 'receiver.stopped' | 'receiver.error'): void {
    const row = this.receiverRow(info.streamId, info.name);
    row.name = info.name;
    row.active = type === 'receiver.stopped' ? false : info.active;
    if (info.lastErrorMessage) row.lastError = info.lastErrorMessage;
    if (type === 'receiver.error') this.addText('err', `receiver ${info.name} (stream ${info.streamId}): ${info.lastErrorMessage}`);
  }

  private rate(r: RateInfo): void {
    const row = this.receiverRow(r.streamId, `stream ${r.streamId}`);
    row.rate = r.rate ?? undefined;
    row.proportional = r.proportional;
    row.integral = r.integral;
    row.derivative = r.derivative;
    row.queued = r.queued;
  }

  private addText(level: LogLine['level'], text: string): void {
    for (const line of text.split('\n')) if (line.trim() !== '') this.log.push({ level, text: line });
  }
}

function formatInterval(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function assertNever(event: never): never {
  throw new Error(`DashboardState: unknown event ${JSON.stringify(event)}`);
}
