/**
 * The pipeline of the crash test, run as a child process and killed with SIGKILL:
 * words from a source, per-batch counts, updateStateByKey totals and a 3-batch
 * inverse-reduce window, each written with saveAsTextFiles. Restarted with getOrCreate.
 *
 *   node -r ts-node/register/transpile-only crashChild.ts <source> <checkpoint> <out> <input>
 *   source: files (input = a directory) | kafka (input = brokers,topic)
 *           | socket (input = host:port; see socketLines.ts)
 */
import { Milliseconds, SparkConf, SparkContext, StreamingContext, KafkaUtils, type DStream } from '../../../kernel';
import { socketLines } from './socketLines';

const [source, checkpointDir, outDir, input] = process.argv.slice(2);
const batch = Milliseconds(100);

function create(): StreamingContext {
  const sc = new SparkContext(new SparkConf().setAppName('crash-child').setMaster('local[2]'));
  const ssc = new StreamingContext(sc, batch);
  ssc.checkpoint(checkpointDir);
  let lines: DStream<string>;
  if (source === 'files') {
    lines = ssc.textFileStream(input);
  } else if (source === 'socket') {
    lines = socketLines(ssc, input);
  } else {
    const [brokers, topic] = input.split(',');
    lines = KafkaUtils.createDirectStream(ssc, { brokers, topics: [topic], groupId: `crash-${topic}`, startingOffsets: 'earliest' }).map(
      (r) => r.value ?? '',
    );
  }
  const words = lines.flatMap((l) => l.split(' ').filter((w) => w.length > 0)).map((w): [string, number] => [w, 1]);
  words.reduceByKey((a, b) => a + b).saveAsTextFiles(`${outDir}/batch`);
  words
    .updateStateByKey<string, number, number>((vs, s) => (s ?? 0) + vs.reduce((a, b) => a + b, 0))
    .checkpoint(Milliseconds(500))
    .saveAsTextFiles(`${outDir}/state`);
  words
    .reduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, Milliseconds(300), batch, 2, ([, v]) => v !== 0)
    .checkpoint(Milliseconds(500))
    .saveAsTextFiles(`${outDir}/window`);
  return ssc;
}

const ssc = StreamingContext.getOrCreate(checkpointDir, create);
ssc.start();
process.stdout.write('started\n');
