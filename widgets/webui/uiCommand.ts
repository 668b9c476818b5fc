import { EddyError } from '../../kernel';
import { attachWebUI, type AttachWebUIOptions } from './attachWebUI';

export const UI_USAGE = `Usage: eddy ui [--port N] [--host H] [--token T] [--pid N | ADDRESS]
  Serve the web UI of a running Eddy session (its dashboard events) until Ctrl-C.
  --port N     the port (default 4040, or the next free of 16 after it; 0: any free port)
  --host H     the address to bind (default 127.0.0.1); any other needs a token, printed once
  --token T    the token the page's URL must carry (default: generated when off loopback)
  --pid N      the session of process N (default: the newest live session)
  ADDRESS      a session's dashboard address: unix:<path>, a socket path, host:port or a port`;

/**
 * `eddy ui [...]`: parses the arguments, serves the web UI (attachWebUI), prints its URL and
 * runs until SIGINT or SIGTERM (or `until` resolves, for tests). Resolves to the exit code.
 * @throws EddyError `invalid-argument` for a bad option; `io` when no session runs.
 */
export async function uiCommand(args: string[], write: (text: string) => void = (t) => process.stdout.write(t), until?: Promise<void>): Promise<number> {
  const options: AttachWebUIOptions = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new EddyError('invalid-argument', `${a} needs a value.`, { hint: UI_USAGE });
      return v;
    };
    if (a === '--help' || a === '-h') {
      write(UI_USAGE + '\n');
      return 0;
    } else if (a === '--port') options.port = integer(a, value(), 0);
    else if (a === '--pid') options.pid = integer(a, value(), 1);
    else if (a === '--host') options.host = value();
    else if (a === '--token') options.token = value();
    else if (!a.startsWith('-') && options.address === undefined) options.address = a;
    else throw new EddyError('invalid-argument', `eddy ui: unknown argument ${a}.`, { hint: UI_USAGE });
  }
  const ui = await attachWebUI(options);
  write(`Eddy web UI: ${ui.url}\n(following the session's dashboard events; Ctrl-C stops it)\n`);
  await (until ?? new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  }));
  await ui.close();
  return 0;
}

function integer(flag: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > 65535) throw new EddyError('invalid-argument', `${flag} takes a whole number of at least ${min}, got ${JSON.stringify(text)}.`, { hint: UI_USAGE });
  return n;
}
