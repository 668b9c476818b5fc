/** One entry of samples/catalog.json. */
export interface SampleInfo {
  /** The name given to `ssc.sampleStream(name)` and `readSample(name)`. */
  name: string;
  /** The data file, relative to the samples/ directory (`data/<name>.tsv`). */
  file: string;
  description: string;
  /** For CSV-like records: the comma-separated fields, in order. */
  fields?: string[];
  /** Number of records in the file (informational). */
  records?: number;
  /** Length of the recording in ms (informational; the last offset is below it). */
  durationMs?: number;
}
