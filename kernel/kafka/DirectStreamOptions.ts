import { invalidArgument } from '../errors/EddyError';
import { brokerList } from './kafkaClient';
import type { KafkaDecode } from './KafkaRecord';

/** Options of `KafkaUtils.createDirectStream`. */
export interface DirectStreamOptions {
  /** Bootstrap brokers: `'127.0.0.1:9092'`, `'a:9092,b:9092'` or a list. */
  brokers: string | readonly string[];
  /** Topics to read (every partition of each). */
  topics: string | readonly string[];
  /** The consumer group whose committed offsets the stream starts from and `commitAsync` writes. */
  groupId: string;
  /** Where to start a partition the group has no committed offset for (Spark's auto.offset.reset; default `'latest'`). */
  startingOffsets?: 'earliest' | 'latest';
  /** Keys and values as strings (default) or Buffers. */
  decode?: KafkaDecode;
  /** kafkajs client id (default `eddy-direct`). */
  clientId?: string;
  /** On real clocks, how often the latest offsets are refreshed (default: a quarter of the batch, 50 ms to 1 s). */
  pollIntervalMs?: number;
  /** Messages fetched ahead per partition beyond what batches asked for (default 50 000); bounds memory. */
  readAheadPerPartition?: number;
  /** Longest a fetch waits on the broker for new data (default 100 ms). */
  fetchMaxWaitMs?: number;
}

/** The options after checking, with defaults filled in. */
export interface DirectStreamConfig {
  brokers: string[];
  topics: string[];
  groupId: string;
  startingOffsets: 'earliest' | 'latest';
  decode: KafkaDecode;
  clientId: string;
  pollIntervalMs: number;
  readAheadPerPartition: number;
  fetchMaxWaitMs: number;
}

const EXAMPLE = "For example KafkaUtils.createDirectStream(ssc, { brokers: '127.0.0.1:9092', topics: ['events'], groupId: 'my-app' }).";

export function readDirectStreamOptions(o: DirectStreamOptions, batchMs: number): DirectStreamConfig {
  if (o === null || typeof o !== 'object') throw invalidArgument(`createDirectStream needs an options object, got ${String(o)}.`, EXAMPLE);
  const brokers = typeof o.brokers === 'string' || Array.isArray(o.brokers) ? brokerList(o.brokers) : [];
  if (brokers.length === 0) {
    throw invalidArgument(`createDirectStream: brokers is ${JSON.stringify(o.brokers)}; it must name at least one host:port.`, EXAMPLE);
  }
  const topicList = typeof o.topics === 'string' ? [o.topics] : Array.isArray(o.topics) ? [...o.topics] : [];
  if (topicList.length === 0 || topicList.some((t) => typeof t !== 'string' || t.length === 0)) {
    throw invalidArgument(`createDirectStream: topics is ${JSON.stringify(o.topics)}; it must be one or more non-empty topic names.`, EXAMPLE);
  }
  if (typeof o.groupId !== 'string' || o.groupId.length === 0) {
    throw invalidArgument(`createDirectStream: groupId is ${JSON.stringify(o.groupId)}; it must be a non-empty string.`, EXAMPLE);
  }
  const startingOffsets = o.startingOffsets ?? 'latest';
  if (startingOffsets !== 'earliest' && startingOffsets !== 'latest') {
    throw invalidArgument(`createDirectStream: startingOffsets is ${JSON.stringify(o.startingOffsets)}; it must be 'earliest' or 'latest'.`);
  }
  const decode = o.decode ?? 'string';
  if (decode !== 'string' && decode !== 'buffer') {
    throw invalidArgument(`createDirectStream: decode is ${JSON.stringify(o.decode)}; it must be 'string' or 'buffer'.`);
  }
  return {
    brokers,
    topics: [...new Set(topicList)],
    groupId: o.groupId,
    startingOffsets,
    decode,
    clientId: o.clientId ?? 'eddy-direct',
    pollIntervalMs: positive('pollIntervalMs', o.pollIntervalMs, Math.min(1000, Math.max(50, Math.floor(batchMs / 4)))),
    readAheadPerPartition: positive('readAheadPerPartition', o.readAheadPerPartition, 50_000),
    fetchMaxWaitMs: positive('fetchMaxWaitMs', o.fetchMaxWaitMs, 100),
  };
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalidArgument(`createDirectStream: ${name} is ${String(value)}; it must be a positive number.`);
  }
  return value;
}
