import type { Clock } from '../clock/Clock';
import type { EddyEvent, EddyEventBody, EddyEventType, EventOf } from './events';
import type { StreamingListener } from './StreamingListener';

const LISTENER_METHOD: Partial<Record<EddyEventType, keyof StreamingListener>> = {
  'streaming.started': 'onStreamingStarted',
  'streaming.stopped': 'onStreamingStopped',
  'batch.submitted': 'onBatchSubmitted',
  'batch.started': 'onBatchStarted',
  'batch.completed': 'onBatchCompleted',
  'output.started': 'onOutputOperationStarted',
  'output.completed': 'onOutputOperationCompleted',
  'receiver.started': 'onReceiverStarted',
  'receiver.error': 'onReceiverError',
  'receiver.stopped': 'onReceiverStopped',
};

type Handler = (event: EddyEvent) => void;

/**
 * Delivers events synchronously, in order, to Spark-style listeners and to typed
 * subscribers (`on(type, fn)`, which returns its own remover). A throwing listener is
 * isolated: the error becomes a `listener.error` event and the rest still run.
 */
export class StreamingListenerBus {
  private readonly listeners: StreamingListener[] = [];
  private readonly handlers = new Map<EddyEventType | '*', Set<Handler>>();
  private nextId = 0;
  private dispatchingError = false;

  constructor(private readonly clock: Clock, private readonly warn: (text: string) => void) {}

  addListener(listener: StreamingListener): () => void {
    this.listeners.push(listener);
    return () => this.removeListener(listener);
  }

  removeListener(listener: StreamingListener): void {
    const i = this.listeners.indexOf(listener);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  on<K extends EddyEventType>(type: K, handler: (event: EventOf<K>) => void): () => void;
  on(type: '*', handler: (event: EddyEvent) => void): () => void;
  on(type: EddyEventType | '*', handler: Handler): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    set.add(handler);
    return () => set?.delete(handler);
  }

  /** True when some listener or handler would receive events: callers may skip building them. */
  hasListeners(): boolean {
    if (this.listeners.length > 0) return true;
    for (const set of this.handlers.values()) if (set.size > 0) return true;
    return false;
  }

  post(body: EddyEventBody): void {
    const id = this.nextId++;
    if (!this.hasListeners()) return;
    const event = { ...body, id, timestamp: this.clock.now() } as EddyEvent;
    const method = LISTENER_METHOD[event.type];
    if (method) {
      for (const listener of this.listeners.slice()) {
        const fn = listener[method] as ((payload: unknown) => void) | undefined;
        if (typeof fn === 'function') this.guard(listener.constructor?.name ?? 'listener', event.type, () => fn.call(listener, event.payload));
      }
    }
    this.deliver(this.handlers.get(event.type), event);
    this.deliver(this.handlers.get('*'), event);
  }

  private deliver(handlers: Set<Handler> | undefined, event: EddyEvent): void {
    if (handlers === undefined || handlers.size === 0) return;
    for (const handler of [...handlers]) this.guard('handler', event.type, () => handler(event));
  }

  private guard(who: string, eventType: string, call: () => void): void {
    try {
      call();
    } catch (error) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.warn(`A streaming listener (${who}) threw on ${eventType}; it was skipped:\n${text}\n`);
      if (!this.dispatchingError) {
        this.dispatchingError = true;
        try {
          this.post({ type: 'listener.error', payload: { listener: who, eventType, error: text } });
        } finally {
          this.dispatchingError = false;
        }
      }
    }
  }
}
