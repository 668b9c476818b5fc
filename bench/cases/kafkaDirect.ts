/**
 * kafka-direct: 1,000,000 small messages read through KafkaUtils.createDirectStream
 * (count per batch) against a raw kafkajs consumer (eachBatch) reading the same topic in
 * the same run, on a real broker this case starts. Produced once, then read by each
 * (interleaved rounds, best of each). Both clocks start before connecting, so both pay
 * for joining a group.
 */
import { Partitioners } from 'kafkajs';
import { kafkaAvailability, startKafkaBroker } from '../../scripts/kafka/KafkaBroker';
import { KafkaUtils, SparkConf, SparkContext, StreamingContext, Seconds } from '../../kernel';
import { kafkaClient } from '../../kernel/kafka/kafkaClient';
import type { BenchCase } from '../BenchCase';

const MESSAGES = 1_000_000;
const PARTITIONS = 4;
const ROUNDS = 3;
/** Batches of about 100k messages: 25k per partition per 1 s batch. */
const MAX_RATE_PER_PARTITION = 25_000;

async function produceAll(brokers: string, topic: string): Promise<void> {
  const producer = kafkaClient([brokers], 'bench-producer').producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const perSend = 10_000;
  const sends: Array<Promise<unknown>> = [];
  for (let start = 0; start < MESSAGES; start += perSend) {
    const messages = Array.from({ length: perSend }, (_, j) => ({ value: `m${start + j}`, partition: (start / perSend) % PARTITIONS }));
    sends.push(producer.send({ topic, messages, acks: 1 }));
    if (sends.length >= 8) await Promise.all(sends.splice(0));
  }
  await Promise.all(sends);
  await producer.disconnect();
}

/** The hand-written baseline: a kafkajs consumer counting messages (and touching each value) in eachBatch. */
async function raw(brokers: string, topic: string, round: number): Promise<number> {
  const start = process.hrtime.bigint();
  const consumer = kafkaClient([brokers], 'bench-raw').consumer({ groupId: `bench-raw-${round}-${Date.now()}`, maxWaitTimeInMs: 100 });
  let count = 0;
  let bytes = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((r) => (done = r));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) bytes += m.value?.length ?? 0;
      count += batch.messages.length;
      if (count >= MESSAGES) done();
    },
  });
  await finished;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await consumer.disconnect();
  if (bytes === 0) throw new Error('no bytes read');
  return MESSAGES / seconds;
}

async function eddy(sc: SparkContext, brokers: string, topic: string, round: number): Promise<{ rate: number; batches: number }> {
  const start = process.hrtime.bigint();
  const ssc = new StreamingContext(sc, Seconds(1), { clock: 'manual', err: (t) => process.stderr.write(t) });
  const stream = KafkaUtils.createDirectStream(ssc, { brokers, topics: [topic], groupId: `bench-eddy-${round}-${Date.now()}`, startingOffsets: 'earliest' });
  let count = 0;
  let batches = 0;
  stream.count().foreachRDD(async (rdd) => {
    count += (await rdd.collect())[0] ?? 0;
  });
  ssc.start();
  while (count < MESSAGES) {
    await ssc.advance(1);
    batches++;
    if (batches > 10_000) throw new Error(`only ${count} of ${MESSAGES} after ${batches} batches`);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await ssc.stop(false);
  return { rate: MESSAGES / seconds, batches };
}

const kafkaDirect: BenchCase = {
  name: 'kafka-direct',
  unit: 'msgs/s',
  higherIsBetter: true,
  target: 0.8,
  unavailable() {
    const a = kafkaAvailability();
    return a.ok ? undefined : a.why;
  },
  async run() {
    const broker = await startKafkaBroker({ heap: '1g' });
    try {
      const topic = 'bench-direct';
      const admin = kafkaClient([broker.brokers], 'bench-admin').admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }], waitForLeaders: true });
      await admin.disconnect();
      const t0 = Date.now();
      await produceAll(broker.brokers, topic);
      const produceMs = Date.now() - t0;
      const sc = new SparkContext(new SparkConf().setAppName('bench').setMaster('local[4]').set('spark.streaming.kafka.maxRatePerPartition', String(MAX_RATE_PER_PARTITION)));
      let bestRaw = 0;
      let bestEddy = 0;
      let batches = 0;
      for (let r = 0; r < ROUNDS; r++) {
        bestRaw = Math.max(bestRaw, await raw(broker.brokers, topic, r));
        const e = await eddy(sc, broker.brokers, topic, r);
        if (e.rate > bestEddy) {
          bestEddy = e.rate;
          batches = e.batches;
        }
      }
      await sc.stop();
      return { eddy: bestEddy, baseline: bestRaw, notes: { messages: MESSAGES, partitions: PARTITIONS, batches, produceMs } };
    } finally {
      await broker.stop();
    }
  },
};

export default kafkaDirect;
