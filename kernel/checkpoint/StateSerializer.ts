import * as v8 from 'node:v8';
import { EddyError } from '../errors/EddyError';
import { formatElement } from '../rdd/formatElement';

/**
 * What a checkpoint keeps of users' values (state, window values, input positions):
 * Node's structured serialization (`v8.serialize`), which round-trips primitives
 * (bigint and undefined included), arrays, plain objects, Map, Set, Date, RegExp,
 * Error, ArrayBuffer, typed arrays and Buffer, with shared references and cycles.
 *
 * It would also write a class instance as a plain object and lose its class, and it
 * cannot write a function or a symbol: `assertCheckpointable` refuses those first, at
 * the first checkpoint, naming where the value sits, instead of failing at recovery.
 */
export function serializeValue(value: unknown): Buffer {
  return v8.serialize(value);
}

export function deserializeValue<T>(data: Buffer): T {
  return v8.deserialize(data) as T;
}

/** Where a refused value was found: the stream, the key and the path inside the value. */
export interface ValueLocation {
  /** `updateStateByKey[3]`, say. */
  stream: string;
  /** The state's key, when the value is a key's state. */
  key?: unknown;
}

/** Thrown when a value to checkpoint holds something the serializer cannot rebuild. */
export class UnserializableStateError extends EddyError {
  constructor(
    readonly location: ValueLocation,
    /** Inside the value: `.items[2].owner`; empty for the value itself. */
    readonly valuePath: string,
    /** The refused type: `function`, `symbol`, or a class name such as `Counter`. */
    readonly typeName: string,
  ) {
    const keyPart = location.key === undefined ? 'a value' : `the state of key ${formatElement(location.key)}`;
    const at = valuePath === '' ? '' : ` at ${valuePath}`;
    const kind = typeName === 'function' || typeName === 'symbol' ? `a ${typeName}` : `an instance of class ${typeName}`;
    super('unserializable-state', `Cannot checkpoint ${location.stream}: ${keyPart} holds ${kind}${at}, which a checkpoint cannot write and rebuild.`, {
      hint: 'Keep state as plain data (numbers, strings, bigint, arrays, plain objects, Map, Set, Date, typed arrays); keep functions and class instances out of it, or convert them in your update function.',
    });
  }
}

const plainPrototypes = new Set<unknown>([Object.prototype, null]);
const builtins: Array<abstract new (...args: never[]) => unknown> = [Array, Map, Set, Date, RegExp, Error, ArrayBuffer, DataView];

/** Throws UnserializableStateError on the first function, symbol or class instance inside `value`. */
export function assertCheckpointable(value: unknown, location: ValueLocation): void {
  const seen = new Set<object>();
  const visit = (v: unknown, at: string): void => {
    const t = typeof v;
    if (t === 'string' || t === 'number' || t === 'boolean' || t === 'bigint' || t === 'undefined' || v === null) return;
    if (t === 'function') throw new UnserializableStateError(location, at, 'function');
    if (t === 'symbol') throw new UnserializableStateError(location, at, 'symbol');
    const o = v as object;
    if (seen.has(o)) return;
    seen.add(o);
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) visit(o[i], `${at}[${i}]`);
      return;
    }
    if (ArrayBuffer.isView(o)) return;
    if (o instanceof Map) {
      for (const [k, x] of o) {
        visit(k, `${at}.<map key>`);
        visit(x, `${at}.get(${formatElement(k)})`);
      }
      return;
    }
    if (o instanceof Set) {
      for (const x of o) visit(x, `${at}.<set element>`);
      return;
    }
    const proto = Object.getPrototypeOf(o) as unknown;
    const isBuiltin = builtins.some((c) => proto === c.prototype) || o instanceof Error;
    if (!plainPrototypes.has(proto) && !isBuiltin) {
      const name = (o as { constructor?: { name?: string } }).constructor?.name || 'Object (with a custom prototype)';
      throw new UnserializableStateError(location, at, name);
    }
    if (isBuiltin) return;
    for (const k of Object.keys(o)) visit((o as Record<string, unknown>)[k], `${at}.${k}`);
  };
  visit(value, '');
}
