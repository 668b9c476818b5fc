import type { JupyterMessage } from './wire';

export type Channel = 'shell' | 'control' | 'stdin' | 'iopub';

/** What the socket thread tells the main thread. */
export type FromSockets =
  | { kind: 'ready' }
  | { kind: 'request'; channel: 'shell' | 'control' | 'stdin'; identities: Buffer[]; message: JupyterMessage }
  | { kind: 'log'; text: string }
  | { kind: 'fatal'; text: string }
  | { kind: 'closed' };

/** What the main thread asks the socket thread to do. */
export type ToSockets = { kind: 'send'; channel: Channel; identities: Buffer[]; message: JupyterMessage } | { kind: 'close' };
