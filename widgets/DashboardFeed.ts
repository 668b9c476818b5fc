import type { StreamingContext } from '../kernel';
import type { DashboardEvent } from './DashboardEvent';
import { describeStreams } from './describeStreams';
import { RingBuffer } from './RingBuffer';

/** How many recent events a feed keeps for dashboards opened later (~200 batches). */
const HISTORY = 2000;

/**
 * One context's events for dashboards: everything on its bus plus the dashboard's own
 * messages (tap snapshots), with a bounded history so a dashboard opened mid-run, or a
 * client attaching from another terminal, starts with the recent batches drawn.
 */
export class DashboardFeed {
  private readonly history = new RingBuffer<DashboardEvent>(HISTORY);
  private readonly subscribers = new Set<(event: DashboardEvent) => void>();

  constructor(readonly ssc: StreamingContext) {
    ssc.bus.on('*', (event) => {
      this.post(event);
      // The graph is final once the context starts: tell viewers that saw it being built.
      if (event.type === 'streaming.started') this.post(this.graph());
    });
  }

  /** What a new viewer is told first: the app, its batch interval and state. */
  hello(): DashboardEvent {
    const ssc = this.ssc;
    return {
      type: 'dash.hello',
      payload: { appName: ssc.sparkContext.appName, batchIntervalMs: ssc.batchDuration.milliseconds, state: ssc.getState(), pid: process.pid },
    };
  }

  /** The context's DStream graph, as the web UI draws it. */
  graph(): DashboardEvent {
    return { type: 'dash.graph', payload: { streams: describeStreams(this.ssc) } };
  }

  post(event: DashboardEvent): void {
    this.history.push(event);
    for (const fn of [...this.subscribers]) fn(event);
  }

  /** Replays hello, the graph and the history to `fn`, then calls it on every new event; returns its remover. */
  subscribe(fn: (event: DashboardEvent) => void): () => void {
    fn(this.hello());
    fn(this.graph());
    for (const event of this.history.toArray()) fn(event);
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }
}

// why global: the REPL and user code may load widgets/ through different paths (two module
// instances); keyed on the context in one process-wide map, they still share one feed.
const FEEDS = Symbol.for('eddy.widgets.dashboardFeeds');
const holder = globalThis as { [FEEDS]?: WeakMap<StreamingContext, DashboardFeed> };
const feeds = (holder[FEEDS] ??= new WeakMap<StreamingContext, DashboardFeed>());

/**
 * The dashboard feed of a context, made on first use. Call it when the context is
 * created (the REPL does) so that `:dash` opened later shows the batches run since.
 */
export function feedOf(ssc: StreamingContext): DashboardFeed {
  let feed = feeds.get(ssc);
  if (!feed) feeds.set(ssc, (feed = new DashboardFeed(ssc)));
  return feed;
}
