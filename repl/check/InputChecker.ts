import * as path from 'node:path';
import type * as TS from 'typescript';
import type { InputWarning } from './InputWarning';
import { findPromiseMisuse } from './promiseMisuse';

/** TypeScript's "did you mean" diagnostics: a member (2551) or a name (2552) with a close match. */
const DID_YOU_MEAN = new Set([2551, 2552]);

/** What the REPL puts in scope besides the API, typed from the Session that holds them. */
const SESSION_NAMES: Record<string, string> = {
  session: 'Session',
  sc: "Session['sc']",
  ssc: "Session['ssc']",
  lines: "Session['lines']",
  db: 'string',
};

interface Entry {
  code: string;
  names: Set<string>;
}

/**
 * The REPL's type check of one input, with one TypeScript language service kept for the
 * whole session, so a check after the first reuses the parsed kernel and libraries. Two
 * files of its own: the history (the whole API imported, the session's names declared, the
 * inputs that ran before with the latest one declaring a name winning, all exported) and the
 * input (the API and the history's names imported, then the input). why two: only the input's
 * file is checked; the history is read only as far as the input uses it, so a check costs the
 * same however long the session is. Only the input's own span is reported: its misused
 * Promises (`findPromiseMisuse`) and TypeScript's "did you mean" suggestions. Other type
 * errors are left to the run, which reports what really fails.
 */
export class InputChecker {
  private readonly ts: typeof TS;
  private readonly service: TS.LanguageService;
  private readonly inputFile: string;
  private readonly historyFile: string;
  private readonly kernelIndex: string;
  private readonly entries: Entry[] = [];
  private readonly files = new Map<string, { text: string; version: number }>();
  private apiNames: string[] | undefined;

  constructor(root: string, ts: typeof TS = require('typescript') as typeof TS) {
    this.ts = ts;
    this.inputFile = path.join(root, '[eddy-repl-input].ts');
    this.historyFile = path.join(root, '[eddy-repl-history].ts');
    this.kernelIndex = path.join(root, 'kernel', 'index.ts');
    const options: TS.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ES2022,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      lib: ['lib.es2022.d.ts'],
      types: ['node'],
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      resolveJsonModule: true,
      noEmit: true,
      typeRoots: [path.join(root, 'node_modules', '@types')],
    };
    const own = (f: string) => this.files.get(f);
    const host: TS.LanguageServiceHost = {
      getCompilationSettings: () => options,
      getScriptFileNames: () => [this.inputFile],
      getScriptVersion: (f) => String(own(f)?.version ?? 0),
      getScriptSnapshot: (f) => {
        const text = own(f)?.text ?? ts.sys.readFile(f);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => root,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: (f) => own(f) !== undefined || ts.sys.fileExists(f),
      readFile: (f) => own(f)?.text ?? ts.sys.readFile(f),
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
    };
    this.service = ts.createLanguageService(host, ts.createDocumentRegistry());
  }

  /** The warnings for `code`, checked after the inputs accepted so far. */
  check(code: string): InputWarning[] {
    const ts = this.ts;
    const own = declaredNames(ts, code);
    const kept = this.entries.filter((e) => !overlaps(e.names, own));
    const user = new Set(kept.flatMap((e) => [...e.names]));
    const session = Object.keys(SESSION_NAMES).filter((name) => !user.has(name));
    const api = this.kernelNames();
    const spec = JSON.stringify(this.kernelIndex.replace(/\.ts$/, ''));
    const history = [
      `import { ${api.filter((n) => !user.has(n)).join(', ')} } from ${spec};`,
      ...session.map((name) => `declare let ${name}: ${SESSION_NAMES[name]};`),
      ...kept.map((e) => `${e.code}\n;`),
      `export { ${[...session, ...user].join(', ')} };`,
    ].join('\n');
    this.set(this.historyFile, `${history}\n`);
    const historySpec = JSON.stringify(`./${path.basename(this.historyFile, '.ts')}`);
    const visible = (n: string): boolean => !own.has(n) && !user.has(n) && !session.includes(n);
    const before = [
      `import { ${api.filter(visible).join(', ')} } from ${spec};`,
      `import { ${[...session, ...user].filter((n) => !own.has(n)).join(', ')} } from ${historySpec};`,
      '',
    ].join('\n');
    this.set(this.inputFile, `${before}${code}\n`);
    const start = before.length;
    const end = start + code.length;
    const program = this.service.getProgram();
    const file = program?.getSourceFile(this.inputFile);
    if (program === undefined || file === undefined) return [];
    const lineOf = (pos: number): number => file.getLineAndCharacterOfPosition(pos).line - file.getLineAndCharacterOfPosition(start).line + 1;
    const warnings: InputWarning[] = [];
    for (const d of this.service.getSemanticDiagnostics(this.inputFile)) {
      if (!DID_YOU_MEAN.has(d.code) || d.start === undefined || d.start < start || d.start >= end) continue;
      warnings.push({ line: lineOf(d.start), ...didYouMean(ts.flattenDiagnosticMessageText(d.messageText, ' ')) });
    }
    for (const m of findPromiseMisuse(ts, program.getTypeChecker(), file, start, end)) warnings.push({ line: lineOf(m.start), message: m.message });
    return warnings.sort((a, b) => a.line - b.line);
  }

  /** Remembers an input that ran, so later inputs see what it declared. */
  accept(code: string): void {
    const names = declaredNames(this.ts, code);
    if (names.size === 0) return; // an input that declares nothing changes no type later inputs see
    for (let i = this.entries.length - 1; i >= 0; i--) if (overlaps(this.entries[i].names, names)) this.entries.splice(i, 1);
    this.entries.push({ code, names });
  }

  /** Gives one of the checker's own files new text (a new version only when the text changed). */
  private set(fileName: string, text: string): void {
    const f = this.files.get(fileName);
    if (f?.text !== text) this.files.set(fileName, { text, version: (f?.version ?? 0) + 1 });
  }

  /** Every name the kernel exports, worked out once from its index. */
  private kernelNames(): string[] {
    if (this.apiNames !== undefined) return this.apiNames;
    this.set(this.inputFile, `import * as api from ${JSON.stringify(this.kernelIndex.replace(/\.ts$/, ''))};\n`);
    const program = this.service.getProgram();
    const index = program?.getSourceFile(this.kernelIndex);
    const checker = program?.getTypeChecker();
    const moduleSymbol = index === undefined ? undefined : checker?.getSymbolAtLocation(index);
    const names = moduleSymbol === undefined || checker === undefined ? [] : checker.getExportsOfModule(moduleSymbol).map((s) => s.name);
    this.apiNames = names.filter((n) => n !== 'default');
    return this.apiNames;
  }
}

function overlaps(a: Set<string>, b: Set<string>): boolean {
  for (const n of a) if (b.has(n)) return true;
  return false;
}

/** The names an input declares at its top level (what it puts in the REPL's scope). */
export function declaredNames(ts: typeof TS, code: string): Set<string> {
  const file = ts.createSourceFile('input.ts', code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const names = new Set<string>();
  const bind = (name: TS.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bind(el.name);
  };
  for (const s of file.statements) {
    if (ts.isVariableStatement(s)) s.declarationList.declarations.forEach((d) => bind(d.name));
    else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isEnumDeclaration(s)) && s.name !== undefined) {
      names.add(s.name.text);
    } else if (ts.isImportDeclaration(s) && s.importClause !== undefined) {
      const c = s.importClause;
      if (c.name !== undefined) names.add(c.name.text);
      const nb = c.namedBindings;
      if (nb !== undefined && ts.isNamespaceImport(nb)) names.add(nb.name.text);
      else if (nb !== undefined) nb.elements.forEach((el) => names.add(el.name.text));
    }
  }
  return names;
}

/** TypeScript's suggestion, reworded for the REPL: "`flatmap` is not a member of DStream<string>: did you mean `flatMap`?" */
function didYouMean(text: string): Pick<InputWarning, 'message' | 'unknownName'> {
  const member = /^Property '(.+)' does not exist on type '(.+)'\. Did you mean '(.+)'\?$/.exec(text);
  if (member) return { message: `\`${member[1]}\` is not a member of ${member[2]}: did you mean \`${member[3]}\`?` };
  const name = /^Cannot find name '(.+)'\. Did you mean '(.+)'\?$/.exec(text);
  if (name) return { message: `\`${name[1]}\` is not defined: did you mean \`${name[2]}\`?`, unknownName: name[1] };
  return { message: text };
}
