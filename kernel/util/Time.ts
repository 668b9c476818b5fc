import { Duration } from './Duration';

/** A point in time in milliseconds, as Spark's `Time`: batch times are `Time`s. */
export class Time {
  constructor(readonly milliseconds: number) {}

  plus(d: Duration): Time {
    return new Time(this.milliseconds + d.milliseconds);
  }

  minus(d: Duration): Time {
    return new Time(this.milliseconds - d.milliseconds);
  }

  /** The duration between two times (`this - that`). */
  since(that: Time): Duration {
    return new Duration(this.milliseconds - that.milliseconds);
  }

  less(that: Time): boolean {
    return this.milliseconds < that.milliseconds;
  }

  lessEq(that: Time): boolean {
    return this.milliseconds <= that.milliseconds;
  }

  greater(that: Time): boolean {
    return this.milliseconds > that.milliseconds;
  }

  greaterEq(that: Time): boolean {
    return this.milliseconds >= that.milliseconds;
  }

  equals(that: Time): boolean {
    return this.milliseconds === that.milliseconds;
  }

  isMultipleOf(d: Duration): boolean {
    return this.milliseconds % d.milliseconds === 0;
  }

  /** The latest multiple of `d` at or before this time (relative to `zero` when given). */
  floor(d: Duration, zero: Time = new Time(0)): Time {
    const t = this.milliseconds - zero.milliseconds;
    return new Time(zero.milliseconds + Math.floor(t / d.milliseconds) * d.milliseconds);
  }

  /** Times from `this` up to `end` (inclusive) in steps of `step`, as Spark's `Time.to`. */
  to(end: Time, step: Duration): Time[] {
    const out: Time[] = [];
    for (let t = this.milliseconds; t <= end.milliseconds; t += step.milliseconds) out.push(new Time(t));
    return out;
  }

  /** Times from `this` up to `end` (exclusive), as Spark's `Time.until`. */
  until(end: Time, step: Duration): Time[] {
    const out: Time[] = [];
    for (let t = this.milliseconds; t < end.milliseconds; t += step.milliseconds) out.push(new Time(t));
    return out;
  }

  /** Spark prints times as `1000 ms` (the `Time: 1000 ms` line of `print()`). */
  toString(): string {
    return `${this.milliseconds} ms`;
  }
}
