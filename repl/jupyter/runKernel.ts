import * as fs from 'node:fs';
import { onTermination } from '../../kernel';
import { formatUserError } from '../../kernel/errors/formatUserError';
import type { TypeScriptCompiler } from '../compileInput';
import { redirectWrites } from '../redirectWrites';
import { readConnectionFile } from './connectionFile';
import { NotebookKernel } from './NotebookKernel';

/**
 * `eddy kernel run <connection_file>`: the process Jupyter starts (the kernelspec's argv).
 * Console output of user code (a cell's or a batch's console.log) goes to the notebook
 * as `stream` messages; the kernel's own diagnostics go to the real stderr, which Jupyter
 * shows in its log.
 */
export async function runKernel(connectionFile: string, compiler: TypeScriptCompiler): Promise<NotebookKernel> {
  const connection = await readConnectionFile(connectionFile);
  const realStderr = process.stderr.write.bind(process.stderr);
  const log = (text: string): void => void realStderr(text);
  const kernel = new NotebookKernel(connection, compiler, log, (code) => process.exit(code));
  // The Interrupt: from jupyter_client as a signal, or from the socket thread after an interrupt_request.
  process.on('SIGINT', () => kernel.interrupt());
  const background = (error: unknown): void => kernel.writeStream('stderr', `Uncaught (in the background) ${formatUserError(error)}\n`);
  process.on('uncaughtException', background);
  process.on('unhandledRejection', background);
  redirectWrites(process.stdout, (text) => kernel.writeStream('stdout', text));
  redirectWrites(process.stderr, (text) => kernel.writeStream('stderr', text));
  process.on('exit', () => fs.rmSync(kernel.session.dir, { recursive: true, force: true }));
  onTermination(() => void kernel.terminate());
  await kernel.start();
  return kernel;
}
