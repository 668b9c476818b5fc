import { after, test } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Partitioners } from 'kafkajs';
import { seededRandom } from '../../samples/seededRandom';
import { createTopic, kafkaClient, kafkaOrSkip, randomTopic, SharedBroker } from '../integration/kafka/helpers';
import { crashSeed, makeLines, pause } from './crash/crashInput';
import { assertSameAsUninterrupted, asLines, kill, latestState, outputDirs, removeBuild, startChild, waitUntil } from './crash/crashHarness';

after(removeBuild);
const shared = new SharedBroker();

/**
 * The crash test of issue 9, source (c): the Kafka direct stream on a real broker. The
 * child (crash/crashChild.ts) runs the stateful pipeline from a 3-partition topic the
 * test fills with seeded lines while it runs; it is killed with SIGKILL at random moments
 * (right after a restart, mid-batch, mid-checkpoint) and restarted with getOrCreate. The
 * offset ranges of the batches generated before a crash are in the checkpoint and are
 * re-read exactly, so the union of the output directories and the final state equal an
 * uninterrupted run's: no record lost, none counted twice. EDDY_CRASH_SEED=<n> replays
 * a run's input, partitions and kill times.
 */
const KILLS = 10;
const PARTITIONS = 3;

test(`Kafka direct stream: killed ${KILLS} times with SIGKILL, restarted with getOrCreate, the output equals an uninterrupted run's`, { timeout: 170_000 }, async (t) => {
  if (!kafkaOrSkip(t)) return;
  const { broker, admin } = shared.live();
  const s = crashSeed('Kafka crash test');
  const rand = seededRandom(s).next;
  const topic = await createTopic(admin, randomTopic('eddy-crash'), PARTITIONS);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-crash-kafka-'));
  const [ckpt, out] = ['checkpoint', 'out'].map((d) => path.join(root, d));
  const args = ['kafka', ckpt, out, `${broker.brokers},${topic}`];
  const log: string[] = [];
  const expected = new Map<string, number>();
  const producer = kafkaClient(broker.brokers, 'eddy-crash-producer').producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  // Acked by the broker before the test goes on: what is produced is what must be counted.
  const produce = async (): Promise<void> => {
    const lines = makeLines(rand, 5 + Math.floor(rand() * 30), expected);
    await producer.send({ topic, acks: -1, messages: lines.map((value) => ({ value, partition: Math.floor(rand() * PARTITIONS) })) });
  };
  const batchesDone = (): number => outputDirs(out, 'batch').size;
  await produce(); // there before the first start: read from the earliest offsets
  let child = await startChild(args, log);
  try {
    // Killed before its first checkpoint, a run would start afresh at other batch times.
    await waitUntil(() => fs.existsSync(ckpt) && fs.readdirSync(ckpt).some((f) => f.startsWith('checkpoint-')), 'the first checkpoint', 60_000);
    for (let k = 0; k < KILLS; k++) {
      // Mostly after a batch of this run is done (progress, however loaded the machine),
      // sometimes while it is still recovering.
      if (rand() < 0.75) {
        const before = batchesDone();
        await waitUntil(() => batchesDone() > before, `a batch done after restart ${k}`, 60_000);
      }
      const sends = Math.floor(rand() * 3);
      for (let i = 0; i < sends; i++) {
        await produce();
        await pause(rand() * 150);
      }
      await pause(rand() * 400); // a random moment: mid-batch, mid-checkpoint, mid-output
      await kill(child);
      if (rand() < 0.5) await produce(); // records that arrive while the driver is down
      child = await startChild(args, log);
    }
    await produce();
    await waitUntil(() => asLines(latestState(out)).join() === asLines(expected).join(), 'the final state to cover every record', 90_000);
    await kill(child);
    assertSameAsUninterrupted(out, expected, `seed ${s}`);
    fs.rmSync(root, { recursive: true, force: true });
  } catch (error) {
    await kill(child);
    console.log(`Kafka crash test (seed ${s}) failed; files kept in ${root}; child stderr:\n${log.join('').slice(-4000)}`);
    throw error;
  } finally {
    await producer.disconnect();
  }
});
