import type { InputDStream } from '../dstream/InputDStream';
import { invalidArgument } from '../errors/EddyError';
import { StreamingContext } from '../streaming/StreamingContext';
import { FileInputDStream, type FileStreamOptions } from './FileInputDStream';
import { fixedLengthRecords } from './FileRecordsRDD';

declare module '../streaming/StreamingContext' {
  interface StreamingContext {
    /**
     * Lines of the text files that appear in `directory` after start (Spark's textFileStream;
     * the rules are FileInputDStream's). Write files under a name starting with `.` or `_` (or
     * ending in `.tmp`) and rename them when complete.
     * @throws EddyError('invalid-argument') for an empty directory path.
     */
    textFileStream(directory: string): InputDStream<string>;
    /**
     * Spark's `fileStream(directory, filter, newFilesOnly)`: lines of the new files that `filter`
     * accepts (it replaces the default filter of hidden names); with `newFilesOnly: false`, files
     * already there at start are read too when modified within the remember window (60 s).
     */
    fileStream(directory: string, options?: FileStreamOptions): InputDStream<string>;
    /**
     * Spark's `binaryRecordsStream(directory, recordLength)`: each new file cut into records of
     * `recordLength` bytes (Buffers). A file with a partial last record fails its batch.
     * @throws EddyError('invalid-argument') unless `recordLength` is a positive integer.
     */
    binaryRecordsStream(directory: string, recordLength: number): InputDStream<Buffer>;
  }
}

function checkDirectory(op: string, directory: string): void {
  if (typeof directory !== 'string' || directory.length === 0) {
    throw invalidArgument(`${op} needs a directory path, got ${JSON.stringify(directory)}.`, `For example ssc.${op}('/tmp/incoming').`);
  }
}

StreamingContext.prototype.textFileStream = function textFileStream(this: StreamingContext, directory: string): InputDStream<string> {
  checkDirectory('textFileStream', directory);
  return new FileInputDStream(this, directory);
};

StreamingContext.prototype.fileStream = function fileStream(this: StreamingContext, directory: string, options: FileStreamOptions = {}): InputDStream<string> {
  checkDirectory('fileStream', directory);
  if (options.filter !== undefined && typeof options.filter !== 'function') {
    throw invalidArgument(`fileStream's filter must be a function of the file's path, got ${typeof options.filter}.`, "For example { filter: (f) => f.endsWith('.csv') }.");
  }
  return new FileInputDStream(this, directory, options, 'fileStream');
};

StreamingContext.prototype.binaryRecordsStream = function binaryRecordsStream(this: StreamingContext, directory: string, recordLength: number): InputDStream<Buffer> {
  checkDirectory('binaryRecordsStream', directory);
  if (!Number.isInteger(recordLength) || recordLength <= 0) {
    throw invalidArgument(`binaryRecordsStream needs a positive whole record length in bytes, got ${recordLength}.`, 'For example ssc.binaryRecordsStream(dir, 16).');
  }
  return new FileInputDStream<Buffer>(this, directory, {}, 'binaryRecordsStream', fixedLengthRecords(recordLength));
};
