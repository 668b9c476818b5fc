// The shipped sample streams: their catalog and readers (the REPL puts these in scope).
export { sampleCatalog, sampleInfo, samplePath, parseSample, readSample, sampleBatches, SAMPLES_DIR } from './loadSample';
export type { SampleRecord } from './loadSample';
export type { SampleInfo } from './SampleInfo';
export { replaySampleToKinesis } from './replayToKinesis';
export type { ReplayToKinesisOptions } from './replayToKinesis';
