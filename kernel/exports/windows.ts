// Public names of the windows area (windows, state), re-exported by kernel/index.ts.
import '../dstream/windowOperations';
export { WindowedDStream } from '../dstream/WindowedDStream';
export { ReducedWindowedDStream } from '../dstream/ReducedWindowedDStream';
