import type { JupyterMessage } from './wire';

/** What the control thread tells the main thread. */
export type FromControl =
  | { kind: 'ready' }
  | { kind: 'request'; identities: Buffer[]; message: JupyterMessage }
  /** An interrupt_request was answered; iopub should say busy/idle around it. */
  | { kind: 'interrupted'; message: JupyterMessage }
  | { kind: 'log'; text: string }
  | { kind: 'fatal'; text: string }
  | { kind: 'closed' };

/** What the main thread asks the control thread to do. */
export type ToControl = { kind: 'send'; identities: Buffer[]; message: JupyterMessage } | { kind: 'close' };
