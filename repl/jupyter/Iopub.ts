import type { KernelChannels } from './KernelChannels';
import type { MessageHeader } from './wire';

/** A MIME bundle: `text/plain`, `text/html`, `application/vnd.vegalite.v5+json`, ... */
export type MimeBundle = Record<string, unknown>;

export type Parent = MessageHeader | Record<string, never>;

/** The `error` output's content, as the messaging spec has it. */
export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

const FLUSH_BYTES = 64 * 1024;

/**
 * Everything the kernel publishes on iopub, addressed to a parent request. `parent` is
 * the request being executed, or the last one (as ipykernel does) for output that comes
 * between cells. `stream` text is gathered and sent once per turn of the event loop (or
 * every 64 KB), so a loop of console.log calls is a few messages, not thousands; any
 * other message first flushes it, so the order the user wrote things in is kept.
 */
export class Iopub {
  parent: Parent = {};
  private readonly pending: Array<{ name: 'stdout' | 'stderr'; text: string; parent: Parent }> = [];
  private pendingBytes = 0;
  private scheduled = false;

  constructor(private readonly channels: KernelChannels) {}

  stream(name: 'stdout' | 'stderr', text: string, parent: Parent = this.parent): void {
    if (text.length === 0) return;
    const last = this.pending[this.pending.length - 1];
    if (last && last.name === name && last.parent === parent) last.text += text;
    else this.pending.push({ name, text, parent });
    this.pendingBytes += text.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Sends the gathered stream text now. */
  flush(): void {
    this.scheduled = false;
    this.pendingBytes = 0;
    for (const p of this.pending.splice(0)) this.channels.publish('stream', { name: p.name, text: p.text }, p.parent);
  }

  publish(msgType: string, content: Record<string, unknown>, parent: Parent = this.parent): void {
    this.flush();
    this.channels.publish(msgType, content, parent);
  }

  /** A new display, or (with `update`) new contents for an existing `displayId` wherever it is shown. */
  display(data: MimeBundle, options: { displayId?: string; update?: boolean; parent?: Parent; metadata?: Record<string, unknown> } = {}): void {
    const content: Record<string, unknown> = { data, metadata: options.metadata ?? {}, transient: options.displayId === undefined ? {} : { display_id: options.displayId } };
    this.publish(options.update ? 'update_display_data' : 'display_data', content, options.parent ?? this.parent);
  }

  error(content: ErrorContent, parent: Parent = this.parent): void {
    this.publish('error', { ...content }, parent);
  }
}
