import { Partitioners, type Producer } from 'kafkajs';
import type { StreamingContext } from '../streaming/StreamingContext';
import { kafkaClient } from './kafkaClient';

const sinks = new WeakMap<StreamingContext, Map<string, Promise<Producer>>>();

/**
 * One kafkajs producer per context and broker list, shared by every saveToKafka of the
 * context and reused across batches (connecting is the slow part), disconnected when
 * the context has stopped — after a graceful stop's last batches have been written.
 */
export function sinkProducer(ssc: StreamingContext, brokers: readonly string[], clientId: string): Promise<Producer> {
  let byBrokers = sinks.get(ssc);
  if (byBrokers === undefined) {
    const created = new Map<string, Promise<Producer>>();
    byBrokers = created;
    sinks.set(ssc, created);
    const remove = ssc.bus.on('streaming.stopped', () => {
      remove();
      sinks.delete(ssc);
      for (const p of created.values()) void p.then((producer) => producer.disconnect()).catch(() => undefined);
    });
  }
  const key = brokers.join(',');
  let producer = byBrokers.get(key);
  if (producer === undefined) {
    const p = kafkaClient(brokers, clientId).producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
    producer = p.connect().then(() => p);
    // A failed connect is retried by the next batch rather than remembered.
    producer.catch(() => byBrokers?.delete(key));
    byBrokers.set(key, producer);
  }
  return producer;
}
