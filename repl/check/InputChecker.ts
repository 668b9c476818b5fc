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
 * whole session (so a check after the first reuses the parsed kernel and libraries and
 * re-checks only the REPL's own file). That file is: the whole API imported, the session's
 * names declared, the inputs that ran before (the latest one declaring a name wins), then the
 * input being checked. Only the input's own span is reported: its misused Promises
 * (`findPromiseMisuse`) and TypeScript's "did you mean" suggestions. Other type errors are
 * left to the run, which reports what really fails.
 */
export class InputChecker {
  private readonly ts: typeof TS;
  private readonly service: TS.LanguageService;
  private readonly fileName: string;
  private readonly kernelIndex: string;
  private readonly entries: Entry[] = [];
  private text = '';
  private version = 0;
  private header: string | undefined;

  constructor(root: string, ts: typeof TS = require('typescript') as typeof TS) {
    this.ts = ts;
    this.fileName = path.join(root, '[eddy-repl-check].ts');
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
    const host: TS.LanguageServiceHost = {
      getCompilationSettings: () => options,
      getScriptFileNames: () => [this.fileName],
      getScriptVersion: (f) => (f === this.fileName ? String(this.version) : '0'),
      getScriptSnapshot: (f) => {
        if (f === this.fileName) return ts.ScriptSnapshot.fromString(this.text);
        const text = ts.sys.readFile(f);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => root,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: (f) => f === this.fileName || ts.sys.fileExists(f),
      readFile: (f) => (f === this.fileName ? this.text : ts.sys.readFile(f)),
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
    const user = new Set([...own, ...kept.flatMap((e) => [...e.names])]);
    const session = Object.entries(SESSION_NAMES)
      .filter(([name]) => !user.has(name))
      .map(([name, type]) => `declare let ${name}: ${type};`)
      .join('\n');
    const before = `${this.apiHeader()}\n${session}\n${kept.map((e) => `${e.code}\n;\n`).join('')}`;
    const { start, end } = this.load(`${before}${code}\n`, before.length, code.length);
    const program = this.service.getProgram();
    const file = program?.getSourceFile(this.fileName);
    if (program === undefined || file === undefined) return [];
    const lineOf = (pos: number): number => file.getLineAndCharacterOfPosition(pos).line - file.getLineAndCharacterOfPosition(start).line + 1;
    const warnings: InputWarning[] = [];
    for (const d of this.service.getSemanticDiagnostics(this.fileName)) {
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

  private load(text: string, start: number, length: number): { start: number; end: number } {
    this.text = text;
    this.version++;
    return { start, end: start + length };
  }

  /** `import { every, exported, name } from '<root>/kernel'`, worked out once from the kernel's exports. */
  private apiHeader(): string {
    if (this.header !== undefined) return this.header;
    const spec = JSON.stringify(this.kernelIndex.replace(/\.ts$/, ''));
    this.load(`import * as api from ${spec};\n`, 0, 0);
    const program = this.service.getProgram();
    const index = program?.getSourceFile(this.kernelIndex);
    const checker = program?.getTypeChecker();
    const moduleSymbol = index === undefined ? undefined : checker?.getSymbolAtLocation(index);
    const names = moduleSymbol === undefined || checker === undefined ? [] : checker.getExportsOfModule(moduleSymbol).map((s) => s.name);
    this.header = `import { ${names.filter((n) => n !== 'default').join(', ')} } from ${spec};`;
    return this.header;
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
