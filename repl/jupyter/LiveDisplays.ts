import { randomUUID } from 'node:crypto';
import { DStream, publishSnapshots, type EddyEvent, type Session, type StreamingContext } from '../../kernel';
import { batchErrorContent } from './errorContent';
import type { Iopub, Parent } from './Iopub';
import { HISTORY, type LatestBatch, type LiveView } from './LiveView';
import { renderLiveView } from './renderLiveView';

/** At most this often per view: a few updates per second, however fast batches come. */
const MIN_UPDATE_MS = 250;
/** A batch failure shown as an `error` output at most this many times per operation. */
const ERRORS_SHOWN = 3;

export interface DisplayOptions {
  /** Records (or, for a stream of `[key, number]` pairs, top keys) shown of the latest batch (default 10). */
  k?: number;
  /** The view's title (default `<stream>.display()`). */
  title?: string;
}

/**
 * The notebook's live displays: one per `print()` and one per `stream.display()`, each
 * kept in the cell that made it. The first message is a `display_data` with a
 * `display_id` under that cell's request; every later one is an `update_display_data`
 * under the request now running (or the last), which fronts route by `display_id` to the
 * original cell. So output never lands in whichever cell happens to run later.
 * Views are fed only by listener-bus events of their StreamingContext (`output.text`,
 * `batch.completed`, `output.completed`, `streaming.stopped`).
 */
export class LiveDisplays {
  private readonly views: LiveView[] = [];
  private readonly detach = new Map<StreamingContext, () => void>();
  /** The request of the cell that started each context: where its batch errors go. */
  private readonly starter = new Map<StreamingContext, Parent>();
  private readonly errorsShown = new Map<string, number>();
  private cell: Parent = {};

  constructor(
    private readonly session: Session,
    private readonly iopub: Iopub,
  ) {
    this.watch(session.ssc);
    session.onChange(() => {
      for (const v of this.views) if (v.ssc !== session.ssc && !v.final) this.finish(v);
      this.watch(session.ssc);
    });
    installDisplay(this);
  }

  enterCell(parent: Parent): void {
    this.cell = parent;
  }

  /**
   * Before the cell's reply: sends the updates the throttle still holds (so a cell that ran
   * batches ends showing them), and gives every `print()` the cell made a view in that cell.
   */
  leaveCell(parent: Parent): void {
    for (const v of this.views) {
      if (v.timer === undefined) continue;
      clearTimeout(v.timer);
      v.timer = undefined;
      this.send(v);
    }
    const ssc = this.session.ssc;
    for (const op of ssc.graph.outputStreams) {
      if (op.name !== 'print' || this.views.some((v) => v.ssc === ssc && v.outputOpId === op.outputOpId)) continue;
      this.show(this.newView(ssc, `${describeParent(op)}.print()`, op.outputOpId, parent));
    }
    this.cell = {};
  }

  /**
   * `stream.display()`: a new view of `stream`'s latest batch, shown now in the running
   * cell. The batches come from the kernel's own snapshot operation (publishSnapshots, the
   * mechanism of toUI): a bounded summary per batch as a `stream.snapshot` event.
   */
  display<T>(stream: DStream<T>, options: DisplayOptions = {}): void {
    const title = options.title ?? `${label(stream)}.display()`;
    const op = publishSnapshots(stream, { name: title, k: options.k, operation: 'display' });
    this.show(this.newView(stream.ssc, title, op.outputOpId, this.cell));
  }

  /** Stops pending updates (the kernel is shutting down). */
  close(): void {
    for (const v of this.views) if (v.timer) clearTimeout(v.timer);
    for (const off of this.detach.values()) off();
  }

  private newView(ssc: StreamingContext, title: string, outputOpId: number | undefined, parent: Parent): LiveView {
    const view: LiveView = {
      displayId: randomUUID(),
      title,
      ssc,
      outputOpId,
      parent,
      latest: undefined,
      counted: new Map(),
      history: [],
      batches: 0,
      failures: 0,
      final: ssc.getState() === 'STOPPED',
      shown: false,
      lastSent: 0,
      timer: undefined,
    };
    this.views.push(view);
    return view;
  }

  private watch(ssc: StreamingContext): void {
    if (this.detach.has(ssc)) return;
    this.detach.set(ssc, ssc.bus.on('*', (event) => this.onEvent(ssc, event)));
  }

  private onEvent(ssc: StreamingContext, event: EddyEvent): void {
    switch (event.type) {
      case 'streaming.started':
        this.starter.set(ssc, this.iopub.parent);
        return;
      case 'output.text': {
        const { outputOpId, batchTime, text } = event.payload;
        let view = this.views.find((v) => v.ssc === ssc && v.outputOpId === outputOpId);
        if (view === undefined) {
          const op = ssc.graph.outputStreams.find((o) => o.outputOpId === outputOpId);
          view = this.newView(ssc, `${op ? describeParent(op) : `output ${outputOpId}`}.print()`, outputOpId, this.iopub.parent);
        }
        view.latest = { time: batchTime, text: text.length > 20000 ? `${text.slice(0, 20000)}\n…` : text };
        return;
      }
      case 'stream.snapshot': {
        const { outputOpId, batchTime, snapshot } = event.payload;
        const view = this.views.find((v) => v.ssc === ssc && v.outputOpId === outputOpId);
        if (view === undefined) return;
        view.latest = snapshot.kind === 'bars' ? { time: batchTime, count: snapshot.total, topKeys: snapshot.rows } : { time: batchTime, count: snapshot.total, rows: snapshot.rows };
        view.counted.set(batchTime, snapshot.total);
        return;
      }
      case 'output.completed': {
        const info = event.payload.outputOperationInfo;
        if (info.failureReason === undefined) return;
        const view = this.views.find((v) => v.ssc === ssc && v.outputOpId === info.id);
        if (view) {
          view.failures++;
          view.latest = { time: info.batchTime.milliseconds, error: info.failureReason };
        }
        const key = `${ssc.batchDuration}:${info.id}:${info.failureReason.split('\n')[0]}`;
        const shown = this.errorsShown.get(key) ?? 0;
        if (shown >= ERRORS_SHOWN) return;
        this.errorsShown.set(key, shown + 1);
        this.iopub.error(batchErrorContent(info.description, info.batchTime.milliseconds, info.failureReason), this.starter.get(ssc) ?? this.iopub.parent);
        return;
      }
      case 'batch.completed': {
        const b = event.payload.batchInfo;
        for (const v of this.views) {
          if (v.ssc !== ssc || v.final) continue;
          const t = b.batchTime.milliseconds;
          v.history.push({ time: t, records: v.counted.get(t) ?? b.numRecords, schedulingDelay: b.schedulingDelay, processingDelay: b.processingDelay, totalDelay: b.totalDelay });
          v.counted.delete(t);
          if (v.history.length > HISTORY) v.history.splice(0, v.history.length - HISTORY);
          v.batches++;
          this.schedule(v);
        }
        return;
      }
      case 'streaming.stopped':
        for (const v of this.views) if (v.ssc === ssc && !v.final) this.finish(v);
        return;
      default:
    }
  }

  private finish(view: LiveView): void {
    view.final = true;
    if (view.timer) clearTimeout(view.timer);
    view.timer = undefined;
    this.send(view);
  }

  /** Sends now if the view has been quiet long enough, else once, at the end of the interval. */
  private schedule(view: LiveView): void {
    if (view.timer) return;
    const wait = view.lastSent + MIN_UPDATE_MS - Date.now();
    if (wait <= 0) this.send(view);
    else
      view.timer = setTimeout(() => {
        view.timer = undefined;
        this.send(view);
      }, wait);
  }

  private show(view: LiveView): void {
    this.send(view);
  }

  private send(view: LiveView): void {
    view.lastSent = Date.now();
    const data = renderLiveView(view);
    if (!view.shown) {
      view.shown = true;
      this.iopub.display(data, { displayId: view.displayId, parent: view.parent });
    } else this.iopub.display(data, { displayId: view.displayId, update: true });
  }
}

/** A stream as `:step` and `:graph` name it: `flatMap[1]`. */
function label(stream: DStream<unknown>): string {
  return `${stream.name}[${stream.id}]`;
}

/** The stream an output operation reads, for its view's title. */
function describeParent(op: DStream<unknown>): string {
  return label(op.dependencies[0] ?? op);
}

declare module '../../kernel/dstream/DStream' {
  interface DStream<T> {
    /**
     * In a notebook: one live view of this stream's latest batch (its first records, or
     * the top keys of a stream of `[key, number]` pairs, and a chart of records per batch
     * and the batch delays), updated in place at most four times a second. An output
     * operation, like print(): call it before ssc.start().
     * @throws EddyError `illegal-state` after ssc.start(); `invalid-argument` for a bad k.
     */
    display(options?: DisplayOptions): void;
  }
}

function installDisplay(displays: LiveDisplays): void {
  (DStream.prototype as unknown as { display: (this: DStream<unknown>, options?: DisplayOptions) => void }).display = function display(this: DStream<unknown>, options?: DisplayOptions): void {
    displays.display(this, options);
  };
}
