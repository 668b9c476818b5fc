import type { Clock } from '../clock/Clock';
import type { ReceiverInfo } from '../scheduler/StreamingListener';
import type { EddyEventBody } from '../scheduler/events';
import { BlockGenerator } from './BlockGenerator';
import type { ReceivedBlock } from './ReceivedBlock';
import type { RecordRun, SerializedRecords } from './RecordRun';
import { attachReceiver, type Receiver, type ReceiverHost } from './Receiver';
import type { ReceiverConfig } from './ReceiverConfig';
import { RateLimiter } from './RateLimiter';
import { estimateRunSize } from './estimateSize';
import type { WriteAheadLogBlockHandler } from './WriteAheadLogBlockHandler';
import { illegalState } from '../errors/EddyError';

/** What a supervisor needs from its context. */
export interface SupervisorContext {
  clock: Clock;
  config: ReceiverConfig;
  post(event: EddyEventBody): void;
  warn(text: string): void;
}

/**
 * The life of a receiver:
 *
 *   initialized ─start()─▶ started ─restart()/onStart throws─▶ restarting ─(delay)─▶ started
 *                            │                                     │
 *                            └────────── stop() ──▶ stopped ◀──────┘
 */
export type ReceiverState = 'initialized' | 'started' | 'restarting' | 'stopped';

interface Waiter {
  seq: number;
  resolve: () => void;
}

/**
 * Runs one receiver (Spark's ReceiverSupervisorImpl): starts it, restarts it after
 * `restart()` or a failing `onStart` with a delay on the injected clock, and takes what
 * it stores through the rate limiter into the block generator:
 *
 *   store ─▶ pending (waits for rate tokens) ─▶ current block ─(block interval)─▶ blocks ─▶ batch
 *
 * With the write-ahead log (`blockLog`), a cut block joins `blocks` only once it is
 * appended and fsynced (Spark's WriteAheadLogBasedBlockHandler), so a batch only ever
 * gets logged blocks; `storeReliably` resolves at that moment.
 *
 * `queued` counts all stages in records and `queuedBytes` in estimated bytes; both
 * are bounded (`bufferSize`, `maxBufferBytes`) for producers that wait on
 * `storeAsync`/`whenWritable` (overflow=block) or by dropping (overflow=drop).
 */
export class ReceiverSupervisor<T> implements ReceiverHost<T> {
  state: ReceiverState = 'initialized';
  readonly limiter: RateLimiter;
  private readonly generator: BlockGenerator<T>;
  private pending: T[] = [];
  private pendingHead = 0;
  /** Set by the receiver's own stop(message) while the rate limit still holds some of its records. */
  private stopOnceDrained = false;
  private blocks: Array<ReceivedBlock<T>> = [];
  private blockedRecords = 0;
  /** Records of blocks being written to the write-ahead log. */
  private loggingRecords = 0;
  /** Settles once every block handed to the write-ahead log so far has joined `blocks`. */
  private logged: Promise<void> = Promise.resolve();
  private warnedLogFailure = false;
  /** Bytes held, kept as FIFO segments of (records, bytes): records leave in the order they came. */
  private segments: Array<{ records: number; bytes: number }> = [];
  private segmentsHead = 0;
  private bytesHeld = 0;
  private nextBlockId = 0;
  private acceptedTotal = 0;
  private admittedTotal = 0;
  private waiters: Waiter[] = [];
  private cancelRestart: (() => void) | undefined;
  private warnedLateStore = false;
  private warnedOverBuffer = false;
  /** Records discarded under overflow=drop or stored after stop. */
  dropped = 0;
  /** Records accepted since start. */
  get received(): number {
    return this.acceptedTotal;
  }
  private lastErrorMessage = '';
  private lastError = '';
  private lastErrorTime = -1;

  constructor(
    private readonly ctx: SupervisorContext,
    readonly receiver: Receiver<T>,
    readonly streamId: number,
    private readonly blockLog?: WriteAheadLogBlockHandler<T>,
  ) {
    const { clock, config } = ctx;
    this.limiter = new RateLimiter(clock, config.maxRate, config.backpressure ? config.initialRate : Infinity);
    this.generator = new BlockGenerator<T>(clock, config.blockIntervalMs, (runs, count) => this.onBlock(runs, count), () => this.admit());
    attachReceiver(receiver, this);
  }

  get name(): string {
    return this.receiver.constructor.name;
  }

  /** Records held by this receiver that no batch has taken yet. */
  get queued(): number {
    return this.pending.length - this.pendingHead + this.generator.size + this.loggingRecords + this.blockedRecords;
  }

  /** Estimated bytes of the records held (see `queued`). */
  get queuedBytes(): number {
    return this.bytesHeld;
  }

  start(): void {
    if (this.state !== 'initialized') return;
    this.generator.start();
    this.startReceiver();
  }

  // ------------------------------------------------------------------ storing

  push(items: readonly T[]): void {
    if (this.state === 'stopped') {
      this.dropped += items.length;
      if (!this.warnedLateStore) {
        this.warnedLateStore = true;
        this.ctx.warn(`Receiver ${this.name} (stream ${this.streamId}) stored data after it stopped; the records were dropped.\n`);
      }
      return;
    }
    let n = items.length;
    const { bufferSize, maxBufferBytes, overflow } = this.ctx.config;
    const room = bufferSize - this.queued;
    let bytes = estimateRunSize(items, 0, n);
    if (n > room || this.bytesHeld + bytes > maxBufferBytes) {
      if (overflow === 'drop') {
        // Keep the records that fit, in order, in both bounds.
        let kept = 0;
        let keptBytes = 0;
        const byteRoom = maxBufferBytes - this.bytesHeld;
        while (kept < Math.min(n, Math.max(0, room))) {
          const b = estimateRunSize(items, kept, kept + 1);
          if (keptBytes + b > byteRoom) break;
          keptBytes += b;
          kept++;
        }
        this.dropped += n - kept;
        n = kept;
        bytes = keptBytes;
      } else if (!this.warnedOverBuffer) {
        this.warnedOverBuffer = true;
        this.ctx.warn(
          `Receiver ${this.name} (stream ${this.streamId}) holds more than spark.streaming.receiver.bufferSize=${bufferSize} records or ` +
            `spark.streaming.receiver.maxBufferBytes=${maxBufferBytes} bytes: it keeps storing while the buffer is full. ` +
            'Await storeAsync()/whenWritable() so that memory stays bounded, or set spark.streaming.receiver.overflow=drop.\n',
        );
      }
    }
    if (n === 0) return;
    this.hold(n, bytes);
    this.acceptedTotal += n;
    if (this.pending.length === this.pendingHead) {
      const granted = this.limiter.take(n);
      this.generator.add(items, 0, granted);
      this.admittedTotal += granted;
      for (let i = granted; i < n; i++) this.pending.push(items[i]);
    } else {
      for (let i = 0; i < n; i++) this.pending.push(items[i]);
      this.admit();
    }
  }

  /**
   * Serialized records go to the current block whole when nothing limits the rate and the
   * buffer has room; otherwise they are decoded and queued record by record like any others.
   */
  pushSerialized(run: SerializedRecords<T>): void {
    const n = run.count;
    const whole = this.state !== 'stopped' && this.limiter.limit === undefined && this.pending.length === this.pendingHead;
    if (!whole || n > this.ctx.config.bufferSize - this.queued || this.bytesHeld + run.byteLength > this.ctx.config.maxBufferBytes) {
      this.push(run.decode());
      return;
    }
    this.hold(n, run.byteLength);
    this.acceptedTotal += n;
    this.admittedTotal += n;
    this.generator.addRun(run);
  }

  /** Resolves once these records are past the rate limit and the buffer has room. */
  pushAsync(items: readonly T[]): Promise<void> {
    this.push(items);
    return this.waitFor(this.acceptedTotal);
  }

  /**
   * Spark's reliable `store(ArrayBuffer)`: the records become one block of their own
   * (after the current block, so order is kept), past the rate limit; resolves once the
   * block is stored — with the write-ahead log, appended and fsynced — and the buffer
   * has room. Rejects when the receiver has stopped or the log write failed: the records
   * were not stored and the source should not be acknowledged.
   */
  async pushReliably(items: readonly T[]): Promise<void> {
    if (this.state === 'stopped') {
      throw illegalState(`Receiver ${this.name} (stream ${this.streamId}) has stopped; the ${items.length} records were not stored.`, 'Do not acknowledge them to the source.');
    }
    const n = items.length;
    if (n === 0) return;
    this.hold(n, estimateRunSize(items, 0, n));
    this.acceptedTotal += n;
    this.admittedTotal += n;
    this.generator.cut();
    await this.storeBlock({ streamId: this.streamId, id: this.nextBlockId++, count: n, runs: [items] }, true);
    await this.waitFor(0);
  }

  /** Settles once every block cut so far can be given to a batch (with the write-ahead log: is logged). */
  whenBlocksStored(): Promise<void> {
    return this.logged;
  }

  /** Resolves once the buffer has room (records may still wait for the rate limit). */
  whenWritable(): Promise<void> {
    return this.waitFor(0);
  }

  isWritable(): boolean {
    return this.isWritableFor(0);
  }

  private waitFor(seq: number): Promise<void> {
    if (this.isWritableFor(seq)) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push({ seq, resolve });
      this.waiters.sort((a, b) => a.seq - b.seq);
    });
  }

  private isWritableFor(seq: number): boolean {
    const { bufferSize, maxBufferBytes } = this.ctx.config;
    return this.state === 'stopped' || (this.admittedTotal >= seq && this.queued < bufferSize && this.bytesHeld < maxBufferBytes);
  }

  /** Counts `records` taking `bytes` as held. */
  private hold(records: number, bytes: number): void {
    this.segments.push({ records, bytes });
    this.bytesHeld += bytes;
  }

  /** The oldest `records` held leave (a batch took them): their bytes are no longer held. */
  private release(records: number): void {
    let left = records;
    while (left > 0 && this.segmentsHead < this.segments.length) {
      const seg = this.segments[this.segmentsHead];
      if (seg.records <= left) {
        left -= seg.records;
        this.bytesHeld -= seg.bytes;
        this.segmentsHead++;
      } else {
        const part = Math.round((seg.bytes * left) / seg.records);
        seg.bytes -= part;
        seg.records -= left;
        this.bytesHeld -= part;
        left = 0;
      }
    }
    if (this.segmentsHead === this.segments.length) {
      this.segments = [];
      this.segmentsHead = 0;
      this.bytesHeld = 0;
    } else if (this.segmentsHead > 1024) {
      this.segments = this.segments.slice(this.segmentsHead);
      this.segmentsHead = 0;
    }
  }

  /** Moves records the rate limit now allows from pending into the current block. */
  private admit(): void {
    const waiting = this.pending.length - this.pendingHead;
    if (waiting > 0) {
      const granted = this.limiter.take(waiting);
      this.movePending(granted);
    }
    this.wakeWaiters();
  }

  private movePending(count: number): void {
    this.generator.add(this.pending, this.pendingHead, this.pendingHead + count);
    this.pendingHead += count;
    this.admittedTotal += count;
    if (this.pendingHead === this.pending.length) {
      this.pending = [];
      this.pendingHead = 0;
    } else if (this.pendingHead > 4096 && this.pendingHead * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.pendingHead);
      this.pendingHead = 0;
    }
  }

  private wakeWaiters(): void {
    while (this.waiters.length > 0 && this.isWritableFor(this.waiters[0].seq)) (this.waiters.shift() as Waiter).resolve();
  }

  private onBlock(runs: Array<RecordRun<T>>, count: number): void {
    void this.storeBlock({ streamId: this.streamId, id: this.nextBlockId++, count, runs }, false).catch(() => undefined);
  }

  /**
   * The block joins those the next batch takes: at once, or with the write-ahead log once
   * it is logged (log writes finish in order, so blocks keep their order). A failed log
   * write is reported; the block of a reliable store is then dropped (its caller was
   * told, and does not acknowledge it), any other is kept in memory, unlogged.
   */
  private async storeBlock(block: ReceivedBlock<T>, reliable: boolean): Promise<void> {
    const log = this.blockLog;
    if (log === undefined) {
      this.addBlock(block);
      return;
    }
    this.loggingRecords += block.count;
    const written = log.storeBlock(block);
    const joined = written.then(
      (ref) => {
        block.walRef = ref;
        this.loggingRecords -= block.count;
        this.addBlock(block);
      },
      (error: unknown) => {
        this.loggingRecords -= block.count;
        this.reportLogFailure(error, reliable);
        if (reliable) {
          this.dropped += block.count;
          this.release(block.count);
          this.wakeWaiters();
        } else {
          this.addBlock(block);
        }
        throw error;
      },
    );
    this.logged = joined.catch(() => undefined);
    await joined;
  }

  private addBlock(block: ReceivedBlock<T>): void {
    this.blocks.push(block);
    this.blockedRecords += block.count;
  }

  private reportLogFailure(error: unknown, reliable: boolean): void {
    if (this.warnedLogFailure) return;
    this.warnedLogFailure = true;
    const e = error instanceof Error ? error : new Error(String(error));
    const fate = reliable ? 'its records were not stored (storeReliably rejected)' : 'it is kept in memory only and would not survive a crash';
    this.reportError(`a block could not be written to the write-ahead log ${this.blockLog?.log.directory}; ${fate}`, e);
  }

  /** Hands every block stored up to now to a batch (called by the tracker at batch time). */
  takeBlocks(): Array<ReceivedBlock<T>> {
    this.admit();
    this.generator.cut();
    const blocks = this.blocks;
    this.blocks = [];
    this.release(this.blockedRecords);
    this.blockedRecords = 0;
    this.wakeWaiters();
    if (this.stopOnceDrained && this.pending.length === this.pendingHead) void this.shutdown();
    return blocks;
  }

  // ------------------------------------------------------------------ lifecycle

  restart(message: string, error?: Error, delayMs?: number): void {
    if (this.state === 'stopped' || this.state === 'restarting') return;
    const delay = delayMs ?? this.ctx.config.restartDelayMs;
    this.ctx.warn(`Restarting receiver ${this.name} (stream ${this.streamId}) in ${delay} ms: ${message}${error ? `: ${error.message}` : ''}\n`);
    if (error) this.recordError(message, error);
    this.state = 'restarting';
    void this.callOnStop().then(() => {
      this.ctx.post({ type: 'receiver.stopped', payload: { receiverInfo: this.info() } });
      if (this.state !== 'restarting') return;
      this.cancelRestart = this.ctx.clock.schedule(this.ctx.clock.now() + delay, () => {
        this.cancelRestart = undefined;
        if (this.state === 'restarting') this.startReceiver();
      });
    });
  }

  /** The receiver's own stop(message): for good, the stream keeps running without it. */
  stop(message: string, error?: Error): void {
    if (this.state === 'stopped') return;
    this.ctx.warn(`Receiver ${this.name} (stream ${this.streamId}) stopped: ${message}\n`);
    if (error) this.recordError(message, error);
    // Records the rate limit holds back go on entering batches at the limit: in Spark they would
    // still be in the source, so a source that ends must not release them in one batch.
    if (this.state === 'started' && this.pending.length > this.pendingHead) {
      this.stopOnceDrained = true;
      return;
    }
    void this.shutdown();
  }

  /**
   * Stops for good (context stop): no more data is accepted; what was stored is cut into
   * blocks, past the rate limit, so a graceful stop can still process it.
   */
  async shutdown(): Promise<void> {
    if (this.state === 'stopped') return;
    const wasRunning = this.state === 'started';
    this.state = 'stopped';
    this.cancelRestart?.();
    this.cancelRestart = undefined;
    if (wasRunning) await this.callOnStop();
    this.movePending(this.pending.length - this.pendingHead);
    this.generator.stop();
    await this.logged;
    this.wakeWaiters();
    if (wasRunning) this.ctx.post({ type: 'receiver.stopped', payload: { receiverInfo: this.info() } });
  }

  reportError(message: string, error: Error): void {
    this.ctx.warn(`Receiver ${this.name} (stream ${this.streamId}) reported an error: ${message}: ${error.stack ?? error.message}\n`);
    this.recordError(message, error);
  }

  isStarted(): boolean {
    return this.state === 'started';
  }

  isStopped(): boolean {
    return this.state !== 'started';
  }

  /** Spark's ReceiverInfo, as listeners get it. */
  info(): ReceiverInfo {
    return {
      streamId: this.streamId,
      name: this.name,
      active: this.state === 'started',
      location: 'local',
      lastErrorMessage: this.lastErrorMessage,
      lastError: this.lastError,
      lastErrorTime: this.lastErrorTime,
    };
  }

  private startReceiver(): void {
    this.state = 'started';
    this.ctx.post({ type: 'receiver.started', payload: { receiverInfo: this.info() } });
    const failed = (e: unknown): void => {
      const error = e instanceof Error ? e : new Error(String(e));
      this.restart(`onStart() of ${this.name} failed`, error);
    };
    try {
      const r = this.receiver.onStart();
      if (r instanceof Promise) r.catch(failed);
    } catch (e) {
      failed(e);
    }
  }

  private async callOnStop(): Promise<void> {
    try {
      await this.receiver.onStop();
    } catch (e) {
      this.ctx.warn(`onStop() of receiver ${this.name} (stream ${this.streamId}) threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    }
  }

  private recordError(message: string, error: Error): void {
    this.lastErrorMessage = message;
    this.lastError = error.stack ?? error.message;
    this.lastErrorTime = this.ctx.clock.now();
    this.ctx.post({ type: 'receiver.error', payload: { receiverInfo: this.info() } });
  }
}
