import type { DashboardEvent } from './DashboardEvent';

/** Longest line accepted from a server; a longer one means the peer is not an Eddy dashboard server. */
const MAX_LINE = 8 * 1024 * 1024;

/**
 * Splits a byte stream into JSON lines and parses each as a DashboardEvent. Lines that
 * are not JSON are reported to `onBadLine` and skipped.
 */
export function readEventLines(onEvent: (event: DashboardEvent) => void, onBadLine: (line: string) => void): (chunk: Buffer | string) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk.toString();
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (line.trim() === '') continue;
      let event: DashboardEvent;
      try {
        event = JSON.parse(line) as DashboardEvent;
      } catch {
        onBadLine(line);
        continue;
      }
      onEvent(event);
    }
    if (pending.length > MAX_LINE) {
      onBadLine(pending.slice(0, 80));
      pending = '';
    }
  };
}
