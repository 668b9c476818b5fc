import { illegalState } from '../errors/EddyError';

/**
 * The state of one key, handed to a `mapWithState` function (Spark's State). Within one
 * call: `get()` on missing state throws; after `remove()`, `update()` and `remove()` throw;
 * a key that is timing out (`isTimingOut()`) gets one last call and cannot be changed.
 */
export interface State<S> {
  exists(): boolean;
  /** The state; throws when there is none (check `exists()` or use `getOption()`). */
  get(): S;
  /** The state, or undefined when there is none. */
  getOption(): S | undefined;
  update(newState: S): void;
  remove(): void;
  isTimingOut(): boolean;
}

/** The one State object reused for every call of a partition, as Spark's StateImpl. */
export class StateImpl<S> implements State<S> {
  private state: S | undefined;
  private defined = false;
  private timingOut = false;
  private updated = false;
  private removed = false;

  /** Points this object at a key's state (`present` false when the key has none). */
  wrap(present: boolean, state: S | undefined): void {
    this.state = state;
    this.defined = present;
    this.timingOut = false;
    this.updated = false;
    this.removed = false;
  }

  wrapTimingOut(state: S): void {
    this.wrap(true, state);
    this.timingOut = true;
  }

  exists(): boolean {
    return this.defined;
  }

  get(): S {
    if (!this.defined) {
      throw illegalState('State.get() was called on a key that has no state.', 'Check state.exists() first, or use state.getOption().');
    }
    return this.state as S;
  }

  getOption(): S | undefined {
    return this.defined ? this.state : undefined;
  }

  update(newState: S): void {
    if (this.removed) {
      throw illegalState('State.update() was called after remove() in the same call.', 'Update or remove a state, not both, in one call.');
    }
    if (this.timingOut) {
      throw illegalState('State.update() was called on a state that is timing out; it is being removed.', 'Check state.isTimingOut() before updating.');
    }
    this.state = newState;
    this.defined = true;
    this.updated = true;
  }

  remove(): void {
    if (this.timingOut) {
      throw illegalState('State.remove() was called on a state that is timing out; it is removed already.', 'Check state.isTimingOut() before removing.');
    }
    if (this.removed) {
      throw illegalState('State.remove() was called twice in the same call.', 'Remove a state once.');
    }
    this.state = undefined;
    this.defined = false;
    this.updated = false;
    this.removed = true;
  }

  isTimingOut(): boolean {
    return this.timingOut;
  }

  isUpdated(): boolean {
    return this.updated;
  }

  isRemoved(): boolean {
    return this.removed;
  }

  toString(): string {
    return this.defined ? `State(${String(this.state)})` : 'State(<none>)';
  }
}
