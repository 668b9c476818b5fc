// The dashboard's public API: the REPL's `:dash`, `eddy dash`, and programs that embed it.
export { showDashboard } from './showDashboard';
export type { ShowDashboardOptions } from './showDashboard';
export { outputTap, tapsOf, snapshotOf } from './outputTap';
export type { OutputTap, OutputTapOptions } from './outputTap';
export { feedOf, DashboardFeed } from './DashboardFeed';
export { startDashboardServer, encodeEvent } from './startDashboardServer';
export type { DashboardServer, DashboardServerOptions } from './startDashboardServer';
export { attachDashboard, connectDashboard } from './attachDashboard';
export type { AttachOptions } from './attachDashboard';
export { parseDashboardAddress, formatDashboardAddress, findDashboard, sessionDir } from './DashboardAddress';
export type { DashboardAddress } from './DashboardAddress';
export { dashCommand } from './dashCommand';
export { runDashboard, KEYS_HINT } from './runDashboard';
export type { DashboardHandle, DashboardTerminal, RunDashboardOptions } from './runDashboard';
export { DashboardState } from './DashboardState';
export type { BatchRow, ReceiverRow, LogLine, DashboardStateOptions } from './DashboardState';
export type { DashboardEvent, TapSnapshot } from './DashboardEvent';
