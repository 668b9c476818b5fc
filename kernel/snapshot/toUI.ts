/**
 * `dstream.toUI(name)`: the stream's latest batch, published for the web UI (and any other
 * front listening for `stream.snapshot` events) by {@link publishSnapshots}.
 */
import { DStream } from '../dstream/DStream';
import { publishSnapshots } from './publishSnapshots';

declare module '../dstream/DStream' {
  interface DStream<T> {
    /**
     * Publishes each batch of this stream under `name`: the top 10 `[key, number]` pairs by
     * value (a bar chart in the web UI), or the first 10 elements (a table). An output
     * operation: call it before `ssc.start()`. Not in Spark (its UI shows no data).
     * @throws EddyError `invalid-argument` for an empty name; `illegal-state` after start.
     */
    toUI(name: string): void;
  }
}

DStream.prototype.toUI = function <T>(this: DStream<T>, name: string): void {
  publishSnapshots(this, { name, operation: 'toUI' });
};
