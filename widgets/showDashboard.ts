import type { Clock, StreamingContext } from '../kernel';
import { feedOf } from './DashboardFeed';
import type { OutputTap } from './outputTap';
import { runDashboard, type DashboardTerminal } from './runDashboard';

export interface ShowDashboardOptions extends Partial<DashboardTerminal> {
  ssc: StreamingContext;
  /** The tap whose latest batch the chart shows (default: whichever tap updated last). */
  tap?: OutputTap;
  /** Paces redraws (default the system clock). */
  clock?: Clock;
}

/** Errors written while the dashboard covers the terminal are shown after it closes, up to this many characters. */
const HELD_ERRORS_CHARS = 64 * 1024;

/**
 * Shows the live dashboard of `ssc` full screen on `output` (stdout by default) while the
 * stream keeps running; resolves when the user presses q, Esc or Ctrl-C, with the
 * terminal restored so the REPL prompt comes back intact.
 *
 * While it is shown, `print()` output goes only to the dashboard's log (not over the
 * screen), and error text is held and written out when the dashboard closes.
 */
export async function showDashboard(options: ShowDashboardOptions): Promise<void> {
  const { ssc } = options;
  const feed = feedOf(ssc);
  const out = ssc.out;
  const err = ssc.err;
  let held = '';
  let dropped = 0;
  ssc.out = () => undefined;
  ssc.err = (text) => {
    if (held.length + text.length <= HELD_ERRORS_CHARS) held += text;
    else dropped += text.length;
  };
  try {
    const handle = runDashboard({
      input: options.input ?? process.stdin,
      output: options.output ?? process.stdout,
      clock: options.clock,
      tapLabel: options.tap?.label,
      subscribe: (apply) => feed.subscribe(apply),
    });
    await handle.closed;
  } finally {
    ssc.out = out;
    ssc.err = err;
    if (held) err(held);
    if (dropped > 0) err(`(${dropped} more characters of errors were written while the dashboard was open and were dropped)\n`);
  }
}
