// Public names of the session area, re-exported by kernel/index.ts.
export { Session } from '../session/Session';
export type { SessionOptions, NewContextOptions } from '../session/Session';
export type { SessionStatus } from '../session/SessionStatus';
export type { StepReport, StepLane, StepBatch, LaneCell } from '../session/stepBatches';
export { SAMPLE_TEXT, sampleLinesFor } from '../session/sampleLines';
export { InterruptedError } from '../interrupt/InterruptedError';
export { armInterrupts, interrupt, lastInterruptTime, abandonOnInterrupt, runInterruptibly, onInterrupt, onTermination } from '../interrupt/interrupts';
export { announceEndpoint, listSessions, findSession, describeSession } from '../session/SessionRegistry';
export type { SessionEndpoint, SessionEntry, RegistryOptions, AnnounceOptions, EndpointAnnouncement } from '../session/SessionRegistry';
export { userRuntimeDirectory, ensurePrivateDirectory } from '../session/privateDirectory';
