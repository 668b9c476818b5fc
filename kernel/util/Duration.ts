/**
 * A span of time in whole milliseconds, as Spark's `Duration`.
 * Immutable: every operation returns a new value.
 */
export class Duration {
  constructor(readonly milliseconds: number) {
    if (!Number.isFinite(milliseconds)) {
      throw new RangeError(`A Duration needs a finite number of milliseconds, got ${milliseconds}.`);
    }
  }

  plus(that: Duration): Duration {
    return new Duration(this.milliseconds + that.milliseconds);
  }

  minus(that: Duration): Duration {
    return new Duration(this.milliseconds - that.milliseconds);
  }

  times(n: number): Duration {
    return new Duration(this.milliseconds * n);
  }

  div(that: Duration): number {
    return this.milliseconds / that.milliseconds;
  }

  isMultipleOf(that: Duration): boolean {
    return that.milliseconds !== 0 && this.milliseconds % that.milliseconds === 0;
  }

  less(that: Duration): boolean {
    return this.milliseconds < that.milliseconds;
  }

  lessEq(that: Duration): boolean {
    return this.milliseconds <= that.milliseconds;
  }

  greater(that: Duration): boolean {
    return this.milliseconds > that.milliseconds;
  }

  greaterEq(that: Duration): boolean {
    return this.milliseconds >= that.milliseconds;
  }

  max(that: Duration): Duration {
    return this.milliseconds >= that.milliseconds ? this : that;
  }

  min(that: Duration): Duration {
    return this.milliseconds <= that.milliseconds ? this : that;
  }

  equals(that: Duration): boolean {
    return this.milliseconds === that.milliseconds;
  }

  isZero(): boolean {
    return this.milliseconds === 0;
  }

  /** Spark prints durations as `1000 ms`. */
  toString(): string {
    return `${this.milliseconds} ms`;
  }

  /** A short human form for dashboards and graphs: `500ms`, `2s`, `1.5min`. */
  toShortString(): string {
    const ms = this.milliseconds;
    if (ms !== 0 && ms % 60_000 === 0) return `${ms / 60_000}min`;
    if (ms !== 0 && ms % 1000 === 0) return `${ms / 1000}s`;
    return `${ms}ms`;
  }
}

export function Milliseconds(ms: number): Duration {
  return new Duration(ms);
}

export function Seconds(s: number): Duration {
  return new Duration(s * 1000);
}

export function Minutes(m: number): Duration {
  return new Duration(m * 60_000);
}
