// Public names of the windows area (windows, state), re-exported by kernel/index.ts.
import '../dstream/windowOperations';
import '../dstream/stateOperations';
export { WindowedDStream } from '../dstream/WindowedDStream';
export { ReducedWindowedDStream } from '../dstream/ReducedWindowedDStream';
export { StateDStream } from '../dstream/StateDStream';
export { MapWithStateDStream } from '../dstream/MapWithStateDStream';
export { StateSpec } from '../state/StateSpec';
export type { MappingFunction, TimedMappingFunction } from '../state/StateSpec';
export type { State } from '../state/State';
export type { StateMap, StateEntry } from '../state/StateMap';
export { DeltaStateMap } from '../state/DeltaStateMap';
export type { MapWithStateRecord } from '../state/MapWithStateRDD';
export type { UpdateFunction } from '../state/UpdateStateRDD';
