import * as path from 'node:path';
import { EddyError, type StreamingContext } from '../kernel';
import { attachedViewers } from './dashboardLink';
import type { EddyRepl } from './EddyRepl';

/** What `:dash` needs of widgets/index.ts (loaded only when used: blessed is heavy). */
interface DashboardModule {
  showDashboard(options: { ssc: StreamingContext; input?: NodeJS.ReadableStream; output?: NodeJS.WritableStream }): Promise<void>;
}

const WIDGETS = path.resolve(__dirname, '..', 'widgets');

/**
 * What `:dash off` says. The full-screen dashboard holds the keyboard while it is open, so
 * by the time `:dash off` can be typed it is closed; the message says how it closes, and
 * what else is showing this session (viewers attached from other terminals).
 */
export function dashOffMessage(viewers: number | undefined): string {
  const here = 'No dashboard is open here: :dash shows one full screen, and q, Esc or Ctrl-C closes it.';
  if (viewers === undefined) return `${here} (No dashboard server runs in this session, so eddy dash cannot attach.)`;
  if (viewers === 0) return `${here} No eddy dash or eddy ui is attached from another terminal.`;
  return `${here} ${viewers} viewer${viewers === 1 ? ' is' : 's are'} attached from other terminals (eddy dash or eddy ui); each closes there (q for eddy dash, Ctrl-C for eddy ui).`;
}

/**
 * `:dash on` shows the live dashboard of `ssc` full screen until q, Esc or Ctrl-C closes it, then the
 * prompt comes back; the stream keeps running meanwhile. `:dash off`: see dashOffMessage.
 */
export async function dash(mode: string, r: EddyRepl): Promise<void> {
  if (mode === 'off') {
    r.print(dashOffMessage(attachedViewers()));
    return;
  }
  if (mode !== 'on') throw new EddyError('invalid-argument', `:dash takes on or off, got "${mode}".`, { hint: 'Type :dash to open it.' });
  let widgets: DashboardModule;
  try {
    widgets = require(WIDGETS) as DashboardModule;
  } catch (error) {
    throw new EddyError('illegal-state', `The dashboard module could not be loaded from ${WIDGETS}: ${(error as Error).message}`, {
      hint: 'Check that widgets/ is present and npm install has run; :status shows the same figures as text.',
    });
  }
  if (typeof widgets.showDashboard !== 'function') {
    throw new EddyError('illegal-state', `${WIDGETS} has no showDashboard function.`, { hint: ':status shows the same figures as text.' });
  }
  await outsideReplDomain(() => widgets.showDashboard({ ssc: r.session.ssc, input: r.server.input, output: r.server.output }));
}

interface DomainLike {
  enter(): void;
  exit(): void;
}

/**
 * Calls `fn` with node's REPL domain exited. why: node:repl refuses `uncaughtException`
 * listeners added from inside its domain, and blessed adds one when it opens a screen.
 */
function outsideReplDomain<T>(fn: () => T): T {
  const domain = (process as { domain?: DomainLike | null }).domain;
  domain?.exit();
  try {
    return fn();
  } finally {
    domain?.enter();
  }
}
