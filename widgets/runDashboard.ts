import * as blessed from 'blessed';
import { systemClock, type Clock } from '../kernel';
import type { DashboardEvent } from './DashboardEvent';
import { DashboardState, type DashboardStateOptions } from './DashboardState';
import { RedrawThrottle } from './RedrawThrottle';
import { DashboardView } from './render/DashboardView';
import { lendTerminalInput } from './terminalSnapshot';

export interface DashboardTerminal {
  /** Keys come from here (a TTY in normal use). */
  input: NodeJS.ReadableStream;
  /** The screen is drawn here. */
  output: NodeJS.WritableStream;
}

export interface RunDashboardOptions extends DashboardTerminal, DashboardStateOptions {
  /** Feeds events to the dashboard until the returned function is called. */
  subscribe(apply: (event: DashboardEvent) => void): () => void;
  /** Only show this tap's snapshots (by label); default: whichever tap updated last. */
  tapLabel?: string;
  /** Paces redraws (default the system clock: this is the viewer's time, not the stream's). */
  clock?: Clock;
  /** Minimum time between two redraws, ms (default 100: at most ~10 a second). */
  redrawMs?: number;
  /** Called with the state after each redraw (tests read what was drawn). */
  onDraw?(state: DashboardState): void;
}

/** A running dashboard: `closed` resolves once the user left and the terminal is restored. */
export interface DashboardHandle {
  readonly state: DashboardState;
  readonly closed: Promise<void>;
  /** Leaves the dashboard as the q key does. */
  close(): void;
}

export const KEYS_HINT = 'q/Esc: back';

/**
 * Shows a full-screen dashboard on a terminal, fed by `subscribe`, until q, Esc or
 * Ctrl-C. Redraws are throttled, redone on resize, and the terminal is handed back
 * exactly as it was (screen, raw mode, the prompt's key listeners).
 */
export function runDashboard(options: RunDashboardOptions): DashboardHandle {
  const state = new DashboardState(options);
  const lent = lendTerminalInput(options.input);
  const screen = blessed.screen({
    // why unknown: @types/blessed 0.1.27 has input and output typed the wrong way round.
    input: options.input as unknown as blessed.Widgets.IScreenOptions['input'],
    output: options.output as unknown as blessed.Widgets.IScreenOptions['output'],
    smartCSR: true,
    fullUnicode: true,
    warnings: false,
    title: 'eddy dash',
  });
  // why: Unicode box lines rather than the terminal's line-drawing charset (ACS), so that
  // captures (tmux capture-pane, logs) read as drawn; every UTF-8 terminal shows them.
  const tput = screen.tput as unknown as { unicode: boolean; brokenACS: boolean };
  if (tput.unicode) tput.brokenACS = true;
  const view = new DashboardView(screen, KEYS_HINT);
  const throttle = new RedrawThrottle(options.clock ?? systemClock, options.redrawMs ?? 100, () => {
    view.render(state);
    options.onDraw?.(state);
  });
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  let unsubscribe: () => void = () => undefined;
  let open = true;
  const close = (): void => {
    if (!open) return;
    open = false;
    unsubscribe();
    throttle.cancel();
    screen.destroy();
    lent.restore();
    resolveClosed();
  };
  screen.key(['q', 'escape', 'C-c'], close);
  screen.on('resize', () => {
    view.layout();
    view.render(state);
  });
  unsubscribe = options.subscribe((event) => {
    if (event.type === 'stream.snapshot' && options.tapLabel !== undefined && event.payload.name !== options.tapLabel) return;
    if (state.apply(event) && open) throttle.request();
  });
  if (open) {
    view.render(state);
    options.onDraw?.(state);
  }
  return { state, closed, close };
}
