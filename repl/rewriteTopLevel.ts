import * as acorn from 'acorn';

/** JavaScript ready for `vm`: run as a script, or (when it awaits) as an async function whose promise gives the value. */
export interface RunnableScript {
  code: string;
  isAsync: boolean;
}

type Node = acorn.Node & Record<string, unknown>;

/**
 * Rewrites one REPL input (already plain JavaScript) so that what it declares at top level
 * lands on the REPL's global object and may be declared again, as browser consoles allow:
 * `const x = 1` becomes `x = 1`, `function f(){}` becomes `f = function f(){}` (moved first,
 * as hoisting would), `class A {}` becomes `A = class A {}`. An input with a top-level
 * `await` is wrapped in an async arrow that returns its last expression. why: node's own
 * top-level-await rewrite keeps `const` bindings inside the wrapper in some forms, which is
 * the ts-node REPL fault this loop avoids.
 */
export function rewriteTopLevel(js: string): RunnableScript {
  const program = acorn.parse(js, { ecmaVersion: 'latest', sourceType: 'script', allowAwaitOutsideFunction: true }) as unknown as Node;
  const body = program.body as Node[];
  const hoisted: string[] = [];
  const parts: string[] = [];
  let resultExpr: string | undefined;
  body.forEach((stmt, i) => {
    const src = js.slice(stmt.start, stmt.end);
    const last = i === body.length - 1;
    switch (stmt.type) {
      case 'ExpressionStatement':
        if (typeof stmt.directive === 'string') return; // "use strict" from the compiler: REPL code runs sloppy so assignments create globals
        if (last) resultExpr = js.slice((stmt.expression as Node).start, (stmt.expression as Node).end);
        else parts.push(src);
        return;
      case 'VariableDeclaration':
        parts.push(rewriteDeclaration(js, stmt));
        return;
      case 'FunctionDeclaration':
        hoisted.push(`${(stmt.id as Node).name as string} = ${src};`);
        return;
      case 'ClassDeclaration':
        parts.push(`${(stmt.id as Node).name as string} = ${src};`);
        return;
      default:
        parts.push(src);
    }
  });
  const isAsync = containsTopLevelAwait(program);
  const statements = [...hoisted, ...parts].join('\n');
  if (isAsync) {
    const ret = resultExpr === undefined ? '' : `\nreturn (${resultExpr});`;
    return { code: `(async () => {\n${statements}${ret}\n})()`, isAsync };
  }
  return { code: `${statements}\n${resultExpr === undefined ? 'void 0;' : `(${resultExpr});`}`, isAsync };
}

function rewriteDeclaration(js: string, decl: Node): string {
  const kind = decl.kind as string;
  return (decl.declarations as Node[])
    .map((d) => {
      const id = d.id as Node;
      const target = js.slice(id.start, id.end);
      if (d.init) return `(${target} = ${js.slice((d.init as Node).start, (d.init as Node).end)});`;
      if (id.type !== 'Identifier') return '';
      // `var x;` keeps an earlier value (and TypeScript's enum output relies on it); `let x;` resets.
      return kind === 'var' ? `if (typeof ${target} === 'undefined') ${target} = void 0;` : `${target} = void 0;`;
    })
    .join('\n');
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'StaticBlock']);

function containsTopLevelAwait(node: Node): boolean {
  if (node.type === 'AwaitExpression') return true;
  if (node.type === 'ForOfStatement' && node.await === true) return true;
  if (FUNCTION_TYPES.has(node.type)) return false;
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (Array.isArray(value)) {
      for (const child of value) if (isNode(child) && containsTopLevelAwait(child)) return true;
    } else if (isNode(value) && containsTopLevelAwait(value)) return true;
  }
  return false;
}

function isNode(x: unknown): x is Node {
  return typeof x === 'object' && x !== null && typeof (x as { type?: unknown }).type === 'string';
}
