import type { Clock } from '../kernel';

/**
 * Coalesces redraw requests: at most one draw per `intervalMs` on the given clock
 * (a burst of events costs one draw, and the last state is always drawn).
 */
export class RedrawThrottle {
  private lastDraw = -Infinity;
  private cancelPending: (() => void) | undefined;
  draws = 0;

  constructor(private readonly clock: Clock, private readonly intervalMs: number, private readonly draw: () => void) {}

  request(): void {
    if (this.cancelPending) return;
    const at = Math.max(this.clock.now(), this.lastDraw + this.intervalMs);
    let fired = false;
    const cancel = this.clock.schedule(at, () => {
      fired = true;
      this.cancelPending = undefined;
      this.lastDraw = this.clock.now();
      this.draws++;
      this.draw();
    });
    if (!fired) this.cancelPending = cancel;
  }

  /** Drops a pending draw (when the dashboard closes). */
  cancel(): void {
    this.cancelPending?.();
    this.cancelPending = undefined;
  }
}
