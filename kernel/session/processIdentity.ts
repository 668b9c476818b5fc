import * as fs from 'node:fs';

/** A process as files about it record it: its pid, and its start time where /proc tells it. */
export interface ProcessIdentity {
  pid: number;
  /** Field 22 of /proc/<pid>/stat; tells a dead process from a new one that reuses its pid. */
  processStart?: string;
}

/** This process's identity, to write into files it may leave behind. */
export function thisProcess(): ProcessIdentity {
  return { pid: process.pid, processStart: processStartTime(process.pid) };
}

/** True when the process `p` names still runs (the same one, not a reused pid). */
export function isSameProcessAlive(p: ProcessIdentity): boolean {
  try {
    process.kill(p.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return p.processStart === undefined || processStartTime(p.pid) === p.processStart;
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot), where there is a /proc. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
