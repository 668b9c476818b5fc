import type { BatchInfo, OutputOperationInfo, ReceiverInfo } from '../../kernel';
import { msOf, type DashboardEvent } from '../DashboardEvent';
import type { GraphNode } from '../describeStreams';
import { RingBuffer } from '../RingBuffer';
import { DownsampledSeries } from './DownsampledSeries';
import type { BatchDetail, BatchSummary, PublishedStream, ReceiverView, WebUIView } from './WebUIView';

/** Bounds: everything the model holds is capped, so a page stays light after 100,000 batches. */
export const WEBUI_LIMITS = {
  /** Completed batches in the table (Spark's UI shows its retained batches, 1000 by default, paged). */
  tableBatches: 100,
  /** Batches whose details (output operations, inputs) can still be opened. */
  detailBatches: 1000,
  /** Queued or running batches tracked; older ones are dropped if a context never finishes them. */
  activeBatches: 1000,
  /** Points per receiver's rate chart. */
  ratePoints: 300,
  receivers: 64,
  publishedStreams: 32,
  errors: 50,
  /** Characters of an input's metadata or an error shown. */
  textChars: 2000,
} as const;

interface ReceiverState extends Omit<ReceiverView, 'chart' | 'avgRate' | 'stream'> {
  chart: RingBuffer<[number, number, number | null]>;
}

/**
 * Everything the web UI shows, folded from the same events the terminal dashboard gets
 * (`DashboardFeed`, in process or over the session's socket). Plain data, bounded in every
 * part; `view()` is what a page is sent, `detail(t)` what a click on a batch asks for.
 */
export class WebUIModel {
  epoch = 0;
  private appName = '';
  private pid: number | null = null;
  private batchIntervalMs: number | null = null;
  private status: WebUIView['status'] = 'waiting';
  private notice = '';
  private completedBatches = 0;
  private failedBatches = 0;
  private totalRecords = 0;
  private readonly series = new DownsampledSeries(() => this.batchIntervalMs ?? 1000);
  private readonly active = new Map<number, BatchDetail>();
  private readonly completed = new RingBuffer<BatchSummary>(WEBUI_LIMITS.tableBatches);
  private readonly details = new Map<number, BatchDetail>();
  private readonly receivers = new Map<number, ReceiverState>();
  private readonly streams = new Map<string, PublishedStream>();
  private readonly errors = new RingBuffer<string>(WEBUI_LIMITS.errors);
  private graph: GraphNode[] = [];

  /** Forgets the previous context (a new one, or a session found again); the page redraws from empty. */
  reset(notice = ''): void {
    this.epoch++;
    this.appName = '';
    this.pid = null;
    this.batchIntervalMs = null;
    this.status = 'waiting';
    this.notice = notice;
    this.completedBatches = this.failedBatches = this.totalRecords = 0;
    this.series.clear();
    this.active.clear();
    this.completed.clear();
    this.details.clear();
    this.receivers.clear();
    this.streams.clear();
    this.errors.clear();
    this.graph = [];
  }

  /** Marks the session as gone (its socket closed); what was shown stays. */
  detach(notice: string): void {
    this.status = 'detached';
    this.notice = notice;
  }

  /** Folds one event in; returns whether the page should be sent a new view. */
  apply(event: DashboardEvent): boolean {
    switch (event.type) {
      case 'dash.hello':
        // A hello starts a context's view (its history follows): nothing of the previous one stays.
        this.reset();
        this.appName = event.payload.appName;
        this.pid = event.payload.pid;
        this.batchIntervalMs = event.payload.batchIntervalMs;
        this.status = event.payload.state === 'ACTIVE' ? 'running' : event.payload.state === 'STOPPED' ? 'stopped' : 'waiting';
        this.notice = '';
        return true;
      case 'dash.graph':
        this.graph = event.payload.streams;
        return true;
      case 'streaming.started':
        this.status = 'running';
        return true;
      case 'streaming.stopped':
        this.status = 'stopped';
        return true;
      case 'batch.submitted':
        this.batch(event.payload.batchInfo, 'queued');
        return true;
      case 'batch.started':
        this.batch(event.payload.batchInfo, 'processing');
        return true;
      case 'batch.completed':
        this.complete(event.payload.batchInfo);
        return true;
      case 'output.started':
      case 'output.completed':
        return this.output(event.payload.outputOperationInfo);
      case 'receiver.started':
      case 'receiver.stopped':
      case 'receiver.error':
        this.receiver(event.payload.receiverInfo, event.type);
        return true;
      case 'rate.updated': {
        const r = this.receiverRow(event.payload.streamId, undefined);
        r.limit = event.payload.rate ?? null;
        r.queued = event.payload.queued ?? null;
        return true;
      }
      case 'stream.snapshot': {
        const { name, streamId, batchTime, snapshot } = event.payload;
        this.streams.delete(name);
        this.streams.set(name, { name, streamId, batchTime, snapshot });
        if (this.streams.size > WEBUI_LIMITS.publishedStreams) this.streams.delete(this.streams.keys().next().value as string);
        return true;
      }
      case 'listener.error':
        this.error(`listener ${event.payload.listener} threw on ${event.payload.eventType}: ${event.payload.error}`);
        return true;
      default:
        return false;
    }
  }

  view(): WebUIView {
    return {
      epoch: this.epoch,
      appName: this.appName,
      pid: this.pid,
      batchIntervalMs: this.batchIntervalMs,
      status: this.status,
      notice: this.notice,
      completedBatches: this.completedBatches,
      failedBatches: this.failedBatches,
      totalRecords: this.totalRecords,
      bucketWidth: this.series.bucketWidth,
      series: this.series.columns(),
      active: [...this.active.values()].map(summaryOf).sort((a, b) => b.batchTime - a.batchTime),
      completed: this.completed.toArray().reverse(),
      receivers: [...this.receivers.values()].map((r) => receiverView(r, (id) => this.streamName(id))),
      graph: this.graph,
      streams: [...this.streams.values()],
      errors: this.errors.toArray(),
    };
  }

  /** A batch's details while it runs or among the last `detailBatches` completed; undefined when forgotten. */
  detail(batchTime: number): BatchDetail | undefined {
    return this.active.get(batchTime) ?? this.details.get(batchTime);
  }

  private batch(info: BatchInfo, status: 'queued' | 'processing'): BatchDetail {
    const t = msOf(info.batchTime);
    const next = this.detailOf(info, status);
    const known = this.active.get(t);
    // Output operations reported one by one while the batch ran stay unless the batch reports them.
    if (known !== undefined) {
      next.outputs = mergeOutputs(known.outputs, next.outputs);
      next.outputOps = next.outputs.length;
      next.failedOutputs = next.outputs.filter((o) => o.status === 'failed').length;
    }
    this.active.delete(t);
    this.active.set(t, next);
    if (this.active.size > WEBUI_LIMITS.activeBatches) this.active.delete(this.active.keys().next().value as number);
    return next;
  }

  private complete(info: BatchInfo): void {
    const t = msOf(info.batchTime);
    const d = this.detailOf(info, 'done');
    if (d.failedOutputs > 0) d.status = 'failed';
    this.active.delete(t);
    this.details.set(t, d);
    if (this.details.size > WEBUI_LIMITS.detailBatches) this.details.delete(this.details.keys().next().value as number);
    this.completed.push(summaryOf(d));
    this.completedBatches++;
    if (d.status === 'failed') this.failedBatches++;
    this.totalRecords += d.numRecords;
    this.series.add(t, d.numRecords, d.schedulingDelay ?? 0, d.processingDelay ?? 0, d.totalDelay ?? 0);
    const seconds = (this.batchIntervalMs ?? 1000) / 1000;
    for (const input of d.inputs) {
      const r = this.receiverRow(input.streamId, undefined);
      r.rate = Math.round(input.numRecords / seconds);
      r.chart.push([t, r.rate, r.limit]);
    }
  }

  private output(info: OutputOperationInfo): boolean {
    const d = this.active.get(msOf(info.batchTime));
    if (d === undefined) return false;
    d.outputs = mergeOutputs(d.outputs, [outputOf(info)]);
    d.outputOps = d.outputs.length;
    d.failedOutputs = d.outputs.filter((o) => o.status === 'failed').length;
    if (info.failureReason !== undefined) this.error(`batch ${msOf(info.batchTime)} ms, output operation ${info.id} (${info.name}) failed: ${info.failureReason}`);
    return true;
  }

  private detailOf(info: BatchInfo, status: BatchDetail['status']): BatchDetail {
    const outputs = Object.values(info.outputOperationInfos ?? {}).map(outputOf).sort((a, b) => a.id - b.id);
    const inputs = Object.values(info.streamIdToInputInfo ?? {}).map((i) => ({
      streamId: i.inputStreamId,
      name: this.streamName(i.inputStreamId),
      numRecords: i.numRecords,
      metadata: clip(Object.keys(i.metadata ?? {}).length ? JSON.stringify(i.metadata) : ''),
    }));
    return {
      batchTime: msOf(info.batchTime),
      status,
      numRecords: info.numRecords,
      schedulingDelay: info.schedulingDelay ?? null,
      processingDelay: info.processingDelay ?? null,
      totalDelay: info.totalDelay ?? null,
      outputOps: outputs.length,
      failedOutputs: outputs.filter((o) => o.status === 'failed').length,
      submissionTime: info.submissionTime,
      processingStartTime: info.processingStartTime ?? null,
      processingEndTime: info.processingEndTime ?? null,
      inputs,
      outputs,
    };
  }

  /** The input stream's operation and id (`sampleStream(words) [0]`), from the graph. */
  private streamName(streamId: number): string {
    const node = this.graph.find((n) => n.id === streamId);
    return node ? `${node.name} [${node.id}]` : `stream ${streamId}`;
  }

  private receiverRow(streamId: number, name: string | undefined): ReceiverState {
    let r = this.receivers.get(streamId);
    if (r === undefined) {
      r = {
        streamId,
        name: name ?? '-',
        active: null,
        rate: null,
        limit: null,
        queued: null,
        errors: 0,
        lastError: '',
        lastErrorTime: null,
        chart: new RingBuffer(WEBUI_LIMITS.ratePoints),
      };
      if (this.receivers.size < WEBUI_LIMITS.receivers) this.receivers.set(streamId, r);
    } else if (name !== undefined) r.name = name;
    return r;
  }

  private receiver(info: ReceiverInfo, type: 'receiver.started' | 'receiver.stopped' | 'receiver.error'): void {
    const r = this.receiverRow(info.streamId, info.name);
    r.active = type === 'receiver.stopped' ? false : info.active;
    if (type === 'receiver.error') {
      r.errors++;
      r.lastError = clip(info.lastErrorMessage || info.lastError);
      r.lastErrorTime = info.lastErrorTime ?? null;
      this.error(`receiver ${info.name} (stream ${info.streamId}): ${info.lastErrorMessage}`);
    }
  }

  private error(text: string): void {
    this.errors.push(clip(text));
  }
}

function outputOf(o: OutputOperationInfo): BatchDetail['outputs'][number] {
  const status = o.failureReason !== undefined ? 'failed' : o.endTime !== undefined ? 'succeeded' : o.startTime !== undefined ? 'running' : 'queued';
  return {
    id: o.id,
    name: o.name,
    description: clip(o.description),
    status,
    startTime: o.startTime ?? null,
    endTime: o.endTime ?? null,
    duration: o.duration ?? (o.endTime !== undefined && o.startTime !== undefined ? o.endTime - o.startTime : null),
    failureReason: o.failureReason === undefined ? null : clip(o.failureReason),
  };
}

/** Newer reports of an output operation replace older ones, by id. */
function mergeOutputs(a: BatchDetail['outputs'], b: BatchDetail['outputs']): BatchDetail['outputs'] {
  const byId = new Map(a.map((o) => [o.id, o]));
  for (const o of b) byId.set(o.id, o);
  return [...byId.values()].sort((x, y) => x.id - y.id);
}

function summaryOf(d: BatchDetail): BatchSummary {
  const { batchTime, status, numRecords, schedulingDelay, processingDelay, totalDelay, outputOps, failedOutputs } = d;
  return { batchTime, status, numRecords, schedulingDelay, processingDelay, totalDelay, outputOps, failedOutputs };
}

function receiverView(r: ReceiverState, streamName: (id: number) => string): ReceiverView {
  const points = r.chart.toArray();
  const avg = points.length ? Math.round(points.reduce((s, p) => s + p[1], 0) / points.length) : null;
  return {
    ...r,
    stream: streamName(r.streamId),
    avgRate: avg,
    chart: { t: points.map((p) => p[0]), actual: points.map((p) => p[1]), estimate: points.map((p) => p[2]) },
  };
}

function clip(text: string): string {
  return text.length <= WEBUI_LIMITS.textChars ? text : `${text.slice(0, WEBUI_LIMITS.textChars - 1)}…`;
}
