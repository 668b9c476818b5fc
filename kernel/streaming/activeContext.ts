import type { StreamingContext } from './StreamingContext';

/**
 * The kernel's only process-wide state: which StreamingContext is ACTIVE (API.md rule 3).
 * A Session's restart clears it.
 */
let active: StreamingContext | undefined;

export const activeContext = {
  get(): StreamingContext | undefined {
    return active;
  },
  set(ssc: StreamingContext): void {
    active = ssc;
  },
  clear(ssc?: StreamingContext): void {
    if (ssc === undefined || active === ssc) active = undefined;
  },
};
