import { promises as fs } from 'node:fs';

/** The connection file Jupyter writes for a kernel it starts (jupyter_client's `write_connection_file`). */
export interface ConnectionInfo {
  transport: 'tcp' | 'ipc';
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
  kernel_name?: string;
}

/** Reads and checks a connection file; the error names the file and the missing field. */
export async function readConnectionFile(file: string): Promise<ConnectionInfo> {
  let info: Partial<ConnectionInfo>;
  try {
    info = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<ConnectionInfo>;
  } catch (error) {
    throw new Error(`Cannot read the connection file ${file}: ${(error as Error).message}. Jupyter passes it as {connection_file}; start the kernel from Jupyter.`);
  }
  for (const field of ['ip', 'shell_port', 'iopub_port', 'stdin_port', 'control_port', 'hb_port'] as const) {
    if (info[field] === undefined) throw new Error(`The connection file ${file} has no "${field}".`);
  }
  return { transport: 'tcp', key: '', signature_scheme: 'hmac-sha256', ...info } as ConnectionInfo;
}

/** The ZeroMQ endpoint of one port: `tcp://ip:port`, or `ipc://ip-port` for the ipc transport. */
export function endpoint(info: ConnectionInfo, port: number): string {
  return info.transport === 'ipc' ? `ipc://${info.ip}-${port}` : `tcp://${info.ip}:${port}`;
}
