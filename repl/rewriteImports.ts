const IMPORT = /^([ \t]*)import\s+(type\s+)?([\s\S]*?)\s*from\s*(['"][^'"\n]+['"])[ \t]*;?/gm;
const SIDE_EFFECT_IMPORT = /^([ \t]*)import\s*(['"][^'"\n]+['"])[ \t]*;?/gm;
const EXPORT_DECLARATION = /^([ \t]*)export\s+(?=(?:const|let|var|function|class|async|enum|interface|type|abstract|declare)\b)/gm;
const DEFAULT_OF = '((m) => (m && m.__esModule ? m.default : m))';

/**
 * Turns `import` declarations into `const ... = require(...)` before compiling. why: each
 * REPL input is compiled alone, so the CommonJS output of `import { x } from 'm'` (which
 * renames later uses to `m_1.x`) would leave `x` undefined in the next input, and an
 * import not used in its own input would be dropped. An `export` keyword before a
 * declaration is dropped too: the REPL is no module, and the name lands in scope anyway.
 */
export function rewriteImports(code: string): string {
  return code
    .replace(IMPORT, (_all, indent: string, typeOnly: string | undefined, clause: string, from: string) => {
      if (typeOnly) return '';
      return indent + importClause(clause.trim(), from);
    })
    .replace(SIDE_EFFECT_IMPORT, (_all, indent: string, from: string) => `${indent}require(${from});`)
    .replace(EXPORT_DECLARATION, '$1');
}

function importClause(clause: string, from: string): string {
  const parts: string[] = [];
  let rest = clause;
  const ns = /^\*\s*as\s+([\w$]+)$/.exec(rest);
  if (ns) return `const ${ns[1]} = require(${from});`;
  const def = /^([\w$]+)\s*(?:,\s*([\s\S]*))?$/.exec(rest);
  if (def) {
    parts.push(`const ${def[1]} = ${DEFAULT_OF}(require(${from}));`);
    rest = (def[2] ?? '').trim();
    const ns2 = /^\*\s*as\s+([\w$]+)$/.exec(rest);
    if (ns2) return `${parts.join(' ')} const ${ns2[1]} = require(${from});`;
  }
  const named = /^\{([\s\S]*)\}$/.exec(rest);
  if (named) {
    const bindings = named[1]
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b.length > 0 && !/^type\s/.test(b))
      .map((b) => b.replace(/^([\w$]+)\s+as\s+([\w$]+)$/, '$1: $2'));
    if (bindings.length > 0) parts.push(`const { ${bindings.join(', ')} } = require(${from});`);
  }
  return parts.join(' ');
}
