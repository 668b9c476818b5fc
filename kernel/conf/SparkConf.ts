import { EddyError } from '../errors/EddyError';
import { parseDuration } from './parseDuration';

/**
 * Spark's string-keyed configuration (`spark.app.name`, `spark.master`,
 * `spark.streaming.*`). Setters chain, as in Spark.
 */
export class SparkConf {
  private readonly settings = new Map<string, string>();

  constructor(entries?: Record<string, string>) {
    if (entries) for (const [k, v] of Object.entries(entries)) this.set(k, v);
  }

  set(key: string, value: string | number | boolean): this {
    if (typeof key !== 'string' || key.length === 0) {
      throw new EddyError('invalid-config', `A configuration key must be a non-empty string, got ${String(key)}.`);
    }
    this.settings.set(key, String(value));
    return this;
  }

  setAppName(name: string): this {
    return this.set('spark.app.name', name);
  }

  setMaster(master: string): this {
    return this.set('spark.master', master);
  }

  setIfMissing(key: string, value: string): this {
    if (!this.settings.has(key)) this.set(key, value);
    return this;
  }

  remove(key: string): this {
    this.settings.delete(key);
    return this;
  }

  contains(key: string): boolean {
    return this.settings.has(key);
  }

  get(key: string, defaultValue?: string): string {
    const v = this.settings.get(key) ?? defaultValue;
    if (v === undefined) {
      throw new EddyError('invalid-config', `${key} is not set.`, { hint: `Set it with conf.set('${key}', ...).` });
    }
    return v;
  }

  getOption(key: string): string | undefined {
    return this.settings.get(key);
  }

  getNumber(key: string, defaultValue: number): number {
    const v = this.settings.get(key);
    if (v === undefined) return defaultValue;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) {
      throw new EddyError('invalid-config', `${key} is set to "${v}", which is not a number.`, {
        hint: `Set it to a number, for example conf.set('${key}', '${defaultValue}').`,
      });
    }
    return n;
  }

  getBoolean(key: string, defaultValue: boolean): boolean {
    const v = this.settings.get(key);
    if (v === undefined) return defaultValue;
    if (/^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
    throw new EddyError('invalid-config', `${key} is set to "${v}", which is not a boolean.`, {
      hint: `Set it to "true" or "false".`,
    });
  }

  /** A duration setting in milliseconds (`200ms`, `1s`, `2min`; bare numbers in `defaultUnit`). */
  getDurationMs(key: string, defaultValue: string, defaultUnit = 'ms'): number {
    return parseDuration(this.settings.get(key) ?? defaultValue, key, defaultUnit);
  }

  getAll(): Array<[string, string]> {
    return [...this.settings.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  clone(): SparkConf {
    const c = new SparkConf();
    for (const [k, v] of this.settings) c.set(k, v);
    return c;
  }

  toDebugString(): string {
    return this.getAll().map(([k, v]) => `${k}=${v}`).join('\n');
  }
}
