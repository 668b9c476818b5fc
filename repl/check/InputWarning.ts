/** One thing the REPL's type check found in an input: shown as a warning, never an error. */
export interface InputWarning {
  /** 1-based line of the input the warning is about. */
  line: number;
  message: string;
  /**
   * For "Cannot find name": the name. The checker only knows what the inputs declared, so
   * the REPL drops the warning when the name is in scope after all (made by `:load`, say).
   */
  unknownName?: string;
}

/** How the REPL shows a warning (above the prompt; the input has already run). */
export function formatWarning(w: InputWarning, lines: number): string {
  const where = lines > 1 ? ` (line ${w.line})` : '';
  return `Warning${where}: ${w.message}\n`;
}
