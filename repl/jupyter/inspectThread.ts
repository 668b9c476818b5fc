import { parentPort } from 'node:worker_threads';
import { inspectAt } from './inspectAt';

/**
 * TypeScript's language service in a thread of its own: loading the kernel's types takes
 * seconds, and a notebook must not stall for them. It loads once, at kernel start.
 */
export interface InspectQuery {
  id: number;
  code: string;
  cursorPos: number;
  previousCells: string[];
  detailLevel: number;
}

parentPort?.on('message', (q: InspectQuery) => {
  let text: string | undefined;
  let error: string | undefined;
  try {
    text = inspectAt(q.code, q.cursorPos, q.previousCells, q.detailLevel);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  parentPort?.postMessage({ id: q.id, text, error });
});
