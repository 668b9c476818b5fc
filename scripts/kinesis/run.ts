/**
 * `npm run kinesis [-- options]`: a real local Kinesis (kinesalite) for trying Eddy's
 * Kinesis stream with no cloud account.
 *
 *   --port N               listen on 127.0.0.1:N (default 4567 when free, else a free port)
 *   --path DIR             keep streams in DIR (LevelDB) across restarts (default: in memory)
 *   --create NAME          create stream NAME (repeatable)
 *   --shards N             shards of the streams created (default 2)
 *   --sample NAME          replay shipped sample NAME into the first created stream (with --speed S)
 *   --readsPerShardPerSecond N, --iteratorTtlMs MS   enforce those Kinesis limits
 *
 * Runs until Ctrl-C / SIGTERM.
 */
import * as net from 'node:net';
import { replaySampleToKinesis } from '../../samples/replayToKinesis';
import { createStream, startLocalKinesis } from './LocalKinesis';

const PREFERRED_PORT = 4567;

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

function values(argv: string[], name: string): string[] {
  const out: string[] = [];
  argv.forEach((a, i) => {
    if (a === `--${name}` && argv[i + 1] !== undefined) out.push(argv[i + 1]);
  });
  return out;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const one = (name: string): string | undefined => values(argv, name)[0];
  const wanted = one('port') !== undefined ? Number(one('port')) : (await isPortFree(PREFERRED_PORT)) ? PREFERRED_PORT : 0;
  if (one('port') === undefined && wanted === 0) console.log(`127.0.0.1:${PREFERRED_PORT} is taken; using a free port instead.`);
  const kinesis = await startLocalKinesis({
    port: wanted,
    path: one('path'),
    readsPerShardPerSecond: Number(one('readsPerShardPerSecond') ?? 0),
    iteratorTtlMs: Number(one('iteratorTtlMs') ?? 0),
  });
  const shards = Number(one('shards') ?? 2);
  const created = values(argv, 'create');
  for (const name of created) {
    try {
      await createStream(kinesis.client, name, shards);
      console.log(`created stream ${name} (${shards} shards)`);
    } catch (error) {
      console.log(`stream ${name}: ${(error as Error).message}`);
    }
  }
  console.log(
    [
      `Local Kinesis (kinesalite) is up at ${kinesis.endpoint} (${one('path') === undefined ? 'in memory' : `data in ${one('path')}`}).`,
      '  It takes any credentials; the AWS SDK needs some to sign with:',
      '    export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local',
      `  In Eddy: KinesisInputDStream.builder().streamingContext(ssc).streamName('${created[0] ?? 'events'}')` +
        `.endpointUrl('${kinesis.endpoint}').checkpointAppName('my-app').build()`,
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
  const controller = new AbortController();
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    controller.abort();
    void kinesis.stop().then(() => {
      console.log('\nlocal Kinesis stopped.');
      process.exit(0);
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  const sample = one('sample');
  if (sample !== undefined) {
    const streamName = created[0] ?? sample;
    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
    console.log(`replaying sample ${sample} into ${streamName} ...`);
    const n = await replaySampleToKinesis(sample, { endpointUrl: kinesis.endpoint, streamName, shards, speed: Number(one('speed') ?? 1), signal: controller.signal });
    console.log(`put ${n} records of ${sample} into ${streamName}.`);
  }
  kinesis.process.once('exit', (code) => {
    if (!stopping) {
      console.error(`local Kinesis exited unexpectedly (code ${code}).`);
      process.exit(1);
    }
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
