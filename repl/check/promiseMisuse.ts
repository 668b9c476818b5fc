import type * as TS from 'typescript';

/** A Promise used where its value was meant: where it is, and what to write instead. */
export interface PromiseMisuse {
  /** Offset in the source file of the Promise-typed expression. */
  start: number;
  message: string;
}

/**
 * Finds Promises used where the code around them cannot handle one, after
 * typescript-eslint's `no-misused-promises` (conditionals, spreads) and
 * `no-floating-promises` (statements), narrowed to what bites in a streaming REPL:
 *
 * - a condition: `if (p)`, `while (p)`, `do … while (p)`, `for (; p;)`, `p ? a : b`, the left
 *   operand of `&&` / `||`, and `!p` anywhere. A Promise is an object, so it is always true:
 *   `if (!rdd.isEmpty())` never takes its branch. (Every operand of a `&&`/`||` that is itself
 *   a condition is checked, as the rule does.)
 * - a spread `{ ...p }`: a Promise has no own properties to spread.
 * - a floating Promise inside a `foreachRDD` function: a statement whose value is a Promise
 *   that is not awaited, returned, `void`ed, or given a rejection handler. The batch does not
 *   wait for it and its error is lost. (At the top level the REPL shows the Promise itself.)
 *
 * "Promise" is any thenable type (`RDD.count()`, `isEmpty()`, `collect()`, an async function's
 * result, ...). `any` and `unknown` are never reported. Only nodes inside [from, to) are looked at.
 */
export function findPromiseMisuse(ts: typeof TS, checker: TS.TypeChecker, file: TS.SourceFile, from: number, to: number): PromiseMisuse[] {
  const found: PromiseMisuse[] = [];
  const reported = new Set<number>();
  const isThenable = (node: TS.Node): boolean => thenable(checker, checker.getTypeAtLocation(node));

  /** `expr` is read as true/false: report the Promise in it (through `!`, parentheses and `&&`/`||`). */
  const checkCondition = (expr: TS.Expression): void => {
    const e = skipParens(ts, expr);
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) return checkCondition(e.operand);
    if (ts.isBinaryExpression(e) && isLogical(ts, e.operatorToken.kind)) {
      checkCondition(e.left);
      checkCondition(e.right);
      return;
    }
    if (isThenable(e)) report(e, 'condition');
  };

  const report = (e: TS.Expression, kind: 'condition' | 'spread' | 'floating'): void => {
    const start = e.getStart(file);
    if (reported.has(start)) return;
    reported.add(start);
    found.push({ start, message: describe(ts, file, e, kind) });
  };

  const visit = (node: TS.Node): void => {
    if (node.end <= from || node.getStart(file) >= to) return;
    if (ts.isIfStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node)) checkCondition(node.expression);
    else if (ts.isForStatement(node) && node.condition !== undefined) checkCondition(node.condition);
    else if (ts.isConditionalExpression(node)) checkCondition(node.condition);
    else if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) checkCondition(node.operand);
    else if (ts.isBinaryExpression(node) && isLogical(ts, node.operatorToken.kind)) checkCondition(node.left);
    else if ((ts.isSpreadAssignment(node) || ts.isSpreadElement(node)) && ts.isObjectLiteralExpression(node.parent) && isThenable(node.expression)) {
      report(node.expression, 'spread');
    } else if (ts.isExpressionStatement(node) && insideForeachRDD(ts, node)) {
      const e = skipParens(ts, node.expression);
      if (!handled(ts, e) && isThenable(e)) report(e, 'floating');
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);
  return found;
}

/** True when the type, or one member of its union, has a callable `then` (typescript-eslint's "thenable"). */
function thenable(checker: TS.TypeChecker, type: TS.Type): boolean {
  if (type.isUnion()) return type.types.some((t) => thenable(checker, t));
  const then = type.getProperty('then');
  if (then === undefined) return false;
  const decl = then.valueDeclaration ?? then.declarations?.[0];
  if (decl === undefined) return false;
  return checker.getTypeOfSymbolAtLocation(then, decl).getCallSignatures().length > 0;
}

function isLogical(ts: typeof TS, kind: TS.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken;
}

function skipParens(ts: typeof TS, e: TS.Expression): TS.Expression {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return e;
}

/** `await p`, `void p`, `p.catch(f)`, `p.then(f, g)`: the statement deals with the Promise. */
function handled(ts: typeof TS, e: TS.Expression): boolean {
  if (ts.isAwaitExpression(e) || ts.isVoidExpression(e)) return true;
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
    const name = e.expression.name.text;
    if (name === 'catch' && e.arguments.length >= 1) return true;
    if (name === 'then' && e.arguments.length >= 2) return true;
  }
  return false;
}

/** The function passed to a `foreachRDD(...)` call that `node` sits in, if any. */
function foreachRDDFunction(ts: typeof TS, node: TS.Node): TS.FunctionLikeDeclaration | undefined {
  for (let n: TS.Node | undefined = node.parent; n !== undefined; n = n.parent) {
    if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && ts.isCallExpression(n.parent) && n.parent.arguments.includes(n)) {
      const callee = n.parent.expression;
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'foreachRDD') return n;
    }
  }
  return undefined;
}

function insideForeachRDD(ts: typeof TS, node: TS.Node): boolean {
  return foreachRDDFunction(ts, node) !== undefined;
}

/** The nearest function around `node` (undefined at the top level, where the REPL allows await). */
function enclosingFunction(ts: typeof TS, node: TS.Node): TS.FunctionLikeDeclaration | undefined {
  for (let n: TS.Node | undefined = node.parent; n !== undefined; n = n.parent) {
    if (ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) return n;
  }
  return undefined;
}

/** What the Promise is: `isEmpty()`, `p`, or `this expression`. */
function subject(ts: typeof TS, file: TS.SourceFile, e: TS.Expression): string {
  if (ts.isCallExpression(e)) {
    const callee = e.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    if (name !== undefined) return `${name}() returns a Promise`;
  }
  if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) return `${e.getText(file)} is a Promise`;
  return 'this expression is a Promise';
}

/** The code to write instead: the construct around the Promise, with the Promise awaited. */
function fix(ts: typeof TS, file: TS.SourceFile, e: TS.Expression, kind: 'condition' | 'spread' | 'floating'): string {
  const awaited = `(await ${e.getText(file)})`;
  if (kind === 'floating') return `await ${e.getText(file)}`;
  if (kind === 'spread') return `...${awaited}`;
  // The condition the Promise sits in, shown with its statement keyword.
  let top: TS.Node = e;
  while (top.parent !== undefined && (ts.isParenthesizedExpression(top.parent) || (ts.isPrefixUnaryExpression(top.parent) && top.parent.operator === ts.SyntaxKind.ExclamationToken) || (ts.isBinaryExpression(top.parent) && isLogical(ts, top.parent.operatorToken.kind)))) {
    top = top.parent;
  }
  const start = top.getStart(file);
  const text = top.getText(file);
  const rel = e.getStart(file) - start;
  const rewritten = `${text.slice(0, rel)}${awaited}${text.slice(rel + e.getText(file).length)}`.replace(/!\((\(await [^]*\))\)/, '!$1');
  const p = top.parent;
  // why: `if ((await p))` reads badly; a bare Promise condition needs no parentheses of its own.
  if (top === e) return wrapCondition(ts, p, top, `await ${e.getText(file)}`);
  return wrapCondition(ts, p, top, rewritten);
}

/** `cond` shown in its statement: `if (cond)`, `while (cond)`, `cond ? …`, or alone. */
function wrapCondition(ts: typeof TS, p: TS.Node | undefined, top: TS.Node, rewritten: string): string {
  if (p !== undefined && ts.isIfStatement(p) && p.expression === top) return `if (${rewritten})`;
  if (p !== undefined && ts.isWhileStatement(p) && p.expression === top) return `while (${rewritten})`;
  if (p !== undefined && ts.isDoStatement(p) && p.expression === top) return `while (${rewritten})`;
  if (p !== undefined && ts.isConditionalExpression(p) && p.condition === top) return `${rewritten} ? …`;
  return rewritten;
}

function describe(ts: typeof TS, file: TS.SourceFile, e: TS.Expression, kind: 'condition' | 'spread' | 'floating'): string {
  const what = subject(ts, file, e);
  const why =
    kind === 'condition'
      ? 'a Promise is always true as a condition'
      : kind === 'spread'
        ? 'spreading a Promise adds no properties'
        : 'nothing awaits it here, so the batch does not wait for it and its error is lost';
  const fn = enclosingFunction(ts, e);
  let asyncHint = '';
  if (fn !== undefined && !(ts.getCombinedModifierFlags(fn as TS.Declaration) & ts.ModifierFlags.Async)) {
    asyncHint = foreachRDDFunction(ts, e) === fn ? ' and make the foreachRDD function async' : ' and make the function around it async';
  }
  const orVoid = kind === 'floating' ? ' (or write `void` before it to let it run on its own)' : '';
  return `${what} (${why}): write \`${fix(ts, file, e, kind)}\`${asyncHint}${orVoid}.`;
}
