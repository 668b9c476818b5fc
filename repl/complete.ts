import * as fs from 'node:fs';
import * as path from 'node:path';

const KEYWORDS = ['await', 'async', 'const', 'let', 'function', 'class', 'new', 'return', 'typeof', 'instanceof', 'for', 'of', 'if', 'else', 'true', 'false', 'null', 'undefined'];

/**
 * Tab completion: `:` commands, file names after `:load`/`:save`, members after a dot
 * (`ssc.que` → `queueStream`, `lines.flat` → `flatMap`), and names in scope: the API,
 * `sc`/`ssc`/`lines` and the user's own variables. Member completion reads properties of
 * plain identifier chains only; it never calls a function the user wrote.
 */
export function complete(line: string, scope: object, commands: readonly string[]): [string[], string] {
  const cmd = /^\s*(:[a-z]*)$/.exec(line);
  if (cmd) return [commands.map((c) => `:${c}`).filter((c) => c.startsWith(cmd[1])), cmd[1]];
  const file = /^\s*:(?:load|save)\s+(\S*)$/.exec(line);
  if (file) return [completeFile(file[1]), file[1]];

  const member = /([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\.([\w$]*)$/.exec(line);
  if (member) {
    const target = resolve(member[1].split('.'), scope);
    if (target === undefined || target === null) return [[], member[2]];
    const names = memberNames(target).filter((n) => n.startsWith(member[2]) && (member[2].startsWith('_') || !n.startsWith('_')));
    return [names, member[2]];
  }
  const word = /([A-Za-z_$][\w$]*)$/.exec(line);
  const prefix = word ? word[1] : '';
  const names = new Set<string>([...Object.getOwnPropertyNames(scope), ...KEYWORDS]);
  return [[...names].filter((n) => n.startsWith(prefix) && !n.startsWith('_')).sort(), prefix];
}

function resolve(chain: string[], scope: object): unknown {
  let value: unknown;
  try {
    value = (scope as Record<string, unknown>)[chain[0]];
    for (const name of chain.slice(1)) {
      if (value === undefined || value === null) return undefined;
      value = (value as Record<string, unknown>)[name];
    }
  } catch {
    return undefined;
  }
  return value;
}

function memberNames(target: unknown): string[] {
  const names = new Set<string>();
  let obj: unknown = typeof target === 'object' || typeof target === 'function' ? target : Object(target);
  while (obj !== null && obj !== undefined && obj !== Object.prototype && obj !== Function.prototype) {
    for (const n of Object.getOwnPropertyNames(obj)) if (n !== 'constructor') names.add(n);
    obj = Object.getPrototypeOf(obj);
  }
  return [...names].sort();
}

function completeFile(partial: string): string[] {
  const dir = partial.endsWith('/') ? partial : path.dirname(partial);
  const base = partial.endsWith('/') ? '' : path.basename(partial);
  try {
    return fs
      .readdirSync(dir === '' ? '.' : dir, { withFileTypes: true })
      .filter((e) => e.name.startsWith(base))
      .map((e) => (dir === '.' && !partial.startsWith('./') ? '' : dir.endsWith('/') ? dir : `${dir}/`) + e.name + (e.isDirectory() ? '/' : ''));
  } catch {
    return [];
  }
}
