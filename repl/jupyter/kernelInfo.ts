import { PROTOCOL_VERSION } from './wire';

const { version } = require('../../package.json') as { version: string };
// why: the version alone, without loading TypeScript itself into the kernel's thread
const typescriptVersion = (require('typescript/package.json') as { version: string }).version;

/** The content of `kernel_info_reply`. */
export function kernelInfo(): Record<string, unknown> {
  return {
    status: 'ok',
    protocol_version: PROTOCOL_VERSION,
    implementation: 'eddy',
    implementation_version: version,
    language_info: {
      name: 'typescript',
      version: typescriptVersion,
      mimetype: 'text/typescript',
      file_extension: '.ts',
      pygments_lexer: 'typescript',
      codemirror_mode: { name: 'javascript', typescript: true },
    },
    banner: `Eddy ${version}: Spark Streaming in TypeScript. sc, ssc and lines are ready; %help lists the line magics, stream.display() shows a live view.`,
    help_links: [],
    debugger: false,
  };
}
