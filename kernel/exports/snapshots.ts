// Public names of the snapshot area (toUI and its kin), re-exported by kernel/index.ts.
import '../snapshot/toUI';
export { publishSnapshots } from '../snapshot/publishSnapshots';
export type { PublishSnapshotsOptions } from '../snapshot/publishSnapshots';
export { snapshotOf, DEFAULT_SNAPSHOT_LIMITS } from '../snapshot/StreamSnapshot';
export type { StreamSnapshot, SnapshotLimits } from '../snapshot/StreamSnapshot';
