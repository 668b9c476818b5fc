import type { InputDStream } from '../dstream/InputDStream';
import { invalidArgument } from '../errors/EddyError';
import { StreamingContext } from '../streaming/StreamingContext';
import { FileInputDStream } from './FileInputDStream';

declare module '../streaming/StreamingContext' {
  interface StreamingContext {
    /**
     * Lines of the text files that appear in `directory` after start. Write files under a
     * name starting with `.` or `_` (or ending in `.tmp`) and rename them when complete.
     */
    textFileStream(directory: string): InputDStream<string>;
  }
}

StreamingContext.prototype.textFileStream = function textFileStream(this: StreamingContext, directory: string): InputDStream<string> {
  if (typeof directory !== 'string' || directory.length === 0) {
    throw invalidArgument(`textFileStream needs a directory path, got ${JSON.stringify(directory)}.`, "For example ssc.textFileStream('/tmp/incoming').");
  }
  return new FileInputDStream(this, directory);
};
