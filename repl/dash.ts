import * as path from 'node:path';
import { EddyError, type StreamingContext } from '../kernel';
import type { EddyRepl } from './EddyRepl';

/** What `:dash` needs of widgets/index.ts (loaded only when used: blessed is heavy). */
interface DashboardModule {
  showDashboard(options: { ssc: StreamingContext; input?: NodeJS.ReadableStream; output?: NodeJS.WritableStream }): Promise<void>;
}

const WIDGETS = path.resolve(__dirname, '..', 'widgets');

/**
 * `:dash on` shows the live dashboard of `ssc` full screen until a key closes it, then the
 * prompt comes back; the stream keeps running meanwhile. `:dash off` has nothing to close
 * once the dashboard returned, and says so.
 */
export async function dash(mode: string, r: EddyRepl): Promise<void> {
  if (mode === 'off') {
    r.print('The dashboard is not open (it closes with q or Esc).');
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
