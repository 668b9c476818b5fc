import { rewriteImports } from './rewriteImports';
import { rewriteTopLevel, type RunnableScript } from './rewriteTopLevel';

/** What the REPL needs of ts-node's compiler service. */
export interface TypeScriptCompiler {
  compile(code: string, fileName: string): string;
}

export type CompiledInput = { kind: 'incomplete' } | ({ kind: 'script' } & RunnableScript);

interface Diagnostic {
  start?: number;
  code: number;
}

/** TS1002 "Unterminated string literal" is final: a newline cannot end it, as in node's REPL. */
const NEVER_INCOMPLETE = new Set([1002]);

/**
 * One REPL input, TypeScript → runnable JavaScript. An input whose only syntax errors sit at
 * its very end (an open brace, a dangling operator, an unterminated template) is
 * `incomplete`: the REPL asks for more lines. A `{ ... }` input is tried as an object
 * literal first, as node's REPL does.
 */
export function compileInput(input: string, ts: TypeScriptCompiler, fileName: string): CompiledInput {
  // why: the REPL compiles each input twice in a row (is it complete? then run it), and a
  // transpile is most of an input's time: the second call takes the first one's result. Only
  // once: the same text typed again later is compiled again.
  const key = `${fileName}\0${input.replace(/\s+$/, '')}`;
  const last = lastCompiled.get(ts);
  lastCompiled.delete(ts);
  if (last?.key === key) return last.result;
  const result = compileUncached(input, ts, fileName);
  lastCompiled.set(ts, { key, result });
  return result;
}

/** Each compiler's latest compile, until it is asked for once more. */
const lastCompiled = new WeakMap<TypeScriptCompiler, { key: string; result: CompiledInput }>();

function compileUncached(input: string, ts: TypeScriptCompiler, fileName: string): CompiledInput {
  const code = rewriteImports(input.replace(/\s+$/, ''));
  if (code.length === 0) return { kind: 'script', code: 'void 0', isAsync: false };
  if (/^\s*\{/.test(code) && /\}$/.test(code)) {
    try {
      return { kind: 'script', ...rewriteTopLevel(stripSourceMap(ts.compile(`(${code})`, fileName))) };
    } catch {
      // not an object literal: compile it as statements below
    }
  }
  let js: string;
  try {
    js = ts.compile(code, fileName);
  } catch (error) {
    const diagnostics = (error as { diagnostics?: Diagnostic[] }).diagnostics;
    if (Array.isArray(diagnostics) && diagnostics.length > 0 && diagnostics.every((d) => (d.start ?? 0) >= code.length && !NEVER_INCOMPLETE.has(d.code))) {
      return { kind: 'incomplete' };
    }
    throw error;
  }
  return { kind: 'script', ...rewriteTopLevel(stripSourceMap(js)) };
}

function stripSourceMap(js: string): string {
  return js.replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, '\n');
}
