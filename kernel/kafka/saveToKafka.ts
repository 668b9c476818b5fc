import type { Message } from 'kafkajs';
import type { DStream } from '../dstream/DStream';
import { ForEachDStream } from '../dstream/ForEachDStream';
import { EddyError, invalidArgument } from '../errors/EddyError';
import { formatElement } from '../rdd/formatElement';
import { brokerList, describeError } from './kafkaClient';
import { sinkProducer } from './KafkaSink';
import { TransactionalSink } from './TransactionalSink';

export interface KafkaSinkOptions<T> {
  /** Bootstrap brokers: `'127.0.0.1:9092'`, `'a:9092,b:9092'` or a list. */
  brokers: string | readonly string[];
  /** The topic every element is written to (it must exist). */
  topic: string;
  /** The message key of an element (written by the same rules as values); no key when absent or undefined. */
  key?: (element: T) => unknown;
  /** kafkajs client id (default `eddy-sink`). */
  clientId?: string;
  /**
   * Exactly-once: each batch is written in one Kafka transaction under this
   * `transactional.id` (keep it the same across restarts of the pipeline), and a batch
   * re-run after recovery whose transaction committed is not written again. Readers
   * must read committed messages only (isolation.level=read_committed). Without it,
   * writes are at-least-once. See TransactionalSink.
   */
  transactionalId?: string;
}

/** Messages sent per produce request. */
const CHUNK = 10_000;

/**
 * An output operation writing every element of each batch to a Kafka topic, one message
 * per element: strings as they are, Buffers as bytes, anything else by the element
 * writing rules of print/saveAsTextFiles (numbers with String, tuples as `(k,v)`,
 * objects as JSON). Each partition is sent as it is computed, acks from all in-sync
 * replicas; a failed send fails the batch like any output operation. At least once: a
 * batch re-run after recovery is written again, unless `transactionalId` is given
 * (exactly once per batch time, TransactionalSink).
 */
export function saveToKafka<T>(stream: DStream<T>, options: KafkaSinkOptions<T>): void {
  const example = "For example saveToKafka(counts, { brokers: '127.0.0.1:9092', topic: 'counts' }).";
  if (options === null || typeof options !== 'object') throw invalidArgument(`saveToKafka needs an options object, got ${String(options)}.`, example);
  const brokers = typeof options.brokers === 'string' || Array.isArray(options.brokers) ? brokerList(options.brokers) : [];
  if (brokers.length === 0) throw invalidArgument(`saveToKafka: brokers is ${JSON.stringify(options.brokers)}; it must name at least one host:port.`, example);
  const { topic, key } = options;
  if (typeof topic !== 'string' || topic.length === 0) throw invalidArgument(`saveToKafka: topic is ${JSON.stringify(topic)}; it must be a non-empty topic name.`, example);
  if (key !== undefined && typeof key !== 'function') throw invalidArgument(`saveToKafka: key must be a function of the element, got ${typeof key}.`);
  const { transactionalId } = options;
  if (transactionalId !== undefined && (typeof transactionalId !== 'string' || transactionalId.length === 0)) {
    throw invalidArgument(`saveToKafka: transactionalId is ${JSON.stringify(transactionalId)}; it must be a non-empty string, the same at every restart.`);
  }
  const ssc = stream.ssc;
  const clientId = options.clientId ?? 'eddy-sink';
  const toMessage = (x: T): Message => (key === undefined ? { value: encode(x) } : { key: encodeKey(key(x)), value: encode(x) });
  const failed = (error: unknown): EddyError =>
    new EddyError('io', `saveToKafka could not write to topic "${topic}" on ${brokers.join(',')}: ${describeError(error)}.`, {
      hint: `Check that the broker is up and the topic exists (kafka-topics.sh --bootstrap-server ${brokers[0]} --create --topic ${topic}).`,
      cause: error,
    });
  if (transactionalId !== undefined) {
    let sink: TransactionalSink | undefined;
    new ForEachDStream<T>(
      stream,
      async (rdd, time) => {
        // Made at the first batch: the marker names the zero time, known once the context started.
        sink ??= new TransactionalSink(ssc, brokers, clientId, topic, transactionalId);
        const messages = (await rdd.collect()).map(toMessage);
        await sink.write(time, messages, CHUNK).catch((error: unknown) => {
          throw failed(error);
        });
      },
      'saveToKafka',
    );
    return;
  }
  new ForEachDStream<T>(
    stream,
    async (rdd) => {
      const producer = await sinkProducer(ssc, brokers, clientId);
      await ssc.sparkContext.runJob(rdd, async (split) => {
        const messages: Message[] = [];
        rdd.iterator(split, (x) => {
          messages.push(toMessage(x));
        });
        for (let i = 0; i < messages.length; i += CHUNK) {
          await producer.send({ topic, messages: messages.slice(i, i + CHUNK), acks: -1 }).catch((error: unknown) => {
            throw failed(error);
          });
        }
      });
    },
    'saveToKafka',
  );
}

function encode(x: unknown): string | Buffer {
  if (typeof x === 'string' || Buffer.isBuffer(x)) return x;
  return formatElement(x);
}

/** A key function returning undefined or null means: no key (the partitioner spreads such messages). */
function encodeKey(k: unknown): string | Buffer | null {
  return k === undefined || k === null ? null : encode(k);
}
