import * as path from 'node:path';
import * as ts from 'typescript';
import * as kernel from '../../kernel';

const ROOT = path.resolve(__dirname, '..', '..');
/** The notebook as one virtual module beside kernel/, so `./kernel` resolves as in the repo. */
const NOTEBOOK = path.join(ROOT, '[eddy-notebook].ts');
const IDENTIFIER_CHAR = /[\w$]/;

let service: ts.LanguageService | undefined;
let text = '';
let version = 0;

/**
 * `inspect_request`: the type and doc comment of the name at `cursorPos` (in code points)
 * of `code`, as TypeScript's language service sees it. The cells that ran before come
 * first, after the names a cell has in scope (`sc`, `ssc`, `lines` and the API), so the
 * user's own variables have their types too. Undefined when there is nothing to show.
 * The first call loads the kernel's types (a second or two); later ones are quick.
 */
export function inspectAt(code: string, cursorPos: number, previousCells: readonly string[], detailLevel = 0): string | undefined {
  const before = Array.from(code).slice(0, cursorPos).join('');
  let at = before.length;
  // "ssc.queueStream(" with the cursor after "(": inspect the name before it, as ipykernel does
  while (at > 0 && !IDENTIFIER_CHAR.test(code[at - 1]) && /[\s(,]/.test(code[at - 1])) at--;
  if (at === 0 || !IDENTIFIER_CHAR.test(code[at - 1])) return undefined;
  const head = `${prelude()}${previousCells.filter((c) => !c.startsWith('//')).join('\n;\n')}\n;\n`;
  text = head + code;
  version++;
  const info = languageService().getQuickInfoAtPosition(NOTEBOOK, head.length + at - 1);
  if (info === undefined) return undefined;
  const signature = ts.displayPartsToString(info.displayParts);
  const doc = ts.displayPartsToString(info.documentation);
  const tags = (info.tags ?? [])
    .filter((t) => detailLevel > 0 || t.name !== 'example')
    .map((t) => `@${t.name} ${ts.displayPartsToString(t.text)}`.trim());
  return [signature, doc, tags.join('\n')].filter((s) => s.length > 0).join('\n\n');
}

function prelude(): string {
  const names = Object.keys(kernel).join(', ');
  return [
    `import { ${names} } from './kernel';`,
    `import type { InputDStream as __InputDStream, Session as __Session } from './kernel';`,
    'declare const sc: SparkContext;',
    'declare const ssc: StreamingContext;',
    'declare const lines: __InputDStream<string>;',
    'declare const session: __Session;',
    '',
  ].join('\n');
}

function languageService(): ts.LanguageService {
  if (service !== undefined) return service;
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    skipLibCheck: true,
    esModuleInterop: true,
    types: ['node'],
    typeRoots: [path.join(ROOT, 'node_modules', '@types')],
  };
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => [NOTEBOOK],
    getScriptVersion: (f) => (f === NOTEBOOK ? String(version) : '1'),
    getScriptSnapshot: (f) => {
      if (f === NOTEBOOK) return ts.ScriptSnapshot.fromString(text);
      const content = ts.sys.readFile(f);
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
    },
    getCurrentDirectory: () => ROOT,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => f === NOTEBOOK || ts.sys.fileExists(f),
    readFile: (f) => (f === NOTEBOOK ? text : ts.sys.readFile(f)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  service = ts.createLanguageService(host, ts.createDocumentRegistry());
  return service;
}
