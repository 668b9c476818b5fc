/**
 * A real local Kinesis (kinesalite, see kinesisServer.ts) in a child process, for tests,
 * the benchmark and `npm run kinesis`. No mocks: the stream reads it over HTTP with the
 * AWS SDK as it would read the service.
 *
 *   const kinesis = await startLocalKinesis();
 *   await kinesis.createStream('events', 2);
 *   // ... builder().endpointUrl(kinesis.endpoint) ...
 *   await kinesis.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
  SplitShardCommand,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface LocalKinesisOptions {
  /** Port on 127.0.0.1 (default: a free one). */
  port?: number;
  /** LevelDB folder to keep streams in across restarts (default: in memory). */
  path?: string;
  /** How long a new stream stays CREATING (default 0 ms; kinesalite's own default is 500). */
  createStreamMs?: number;
  /** Enforce Kinesis's GetRecords limit per shard (the service: 5/s); 0 = none. */
  readsPerShardPerSecond?: number;
  /** Expire shard iterators after this long (the service: 300 000 ms); 0 = kinesalite's 5 minutes. */
  iteratorTtlMs?: number;
}

export interface LocalKinesis {
  endpoint: string;
  port: number;
  /** A client for setting up streams and putting records (credentials are dummies; kinesalite checks only their form). */
  client: KinesisClient;
  createStream(name: string, shards: number): Promise<void>;
  /** Puts records (in calls of at most 500), returns each one's shard and sequence number. */
  put(name: string, records: ReadonlyArray<{ data: string | Buffer; partitionKey: string }>): Promise<Array<{ shardId: string; sequenceNumber: string }>>;
  /** Splits `shardId` at the middle of its hash-key range; resolves once the children are listed. */
  splitShard(name: string, shardId: string): Promise<string[]>;
  stop(): Promise<void>;
  readonly process: ChildProcess;
}

/** Local Kinesis needs only the npm package kinesalite; undefined when it can run, else why not. */
export function localKinesisUnavailable(): string | undefined {
  try {
    require.resolve('kinesalite');
    return undefined;
  } catch {
    return 'the npm package kinesalite is not installed (run npm ci)';
  }
}

/** Credentials for a local endpoint: kinesalite needs a well-formed signature, not real keys. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export function localClient(endpoint: string): KinesisClient {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return new KinesisClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, requestHandler: new NodeHttpHandler() });
}

export async function startLocalKinesis(options: LocalKinesisOptions = {}): Promise<LocalKinesis> {
  const args = [require.resolve('ts-node/register/transpile-only')].flatMap((r) => ['-r', r]);
  args.push(path.join(__dirname, 'kinesisServer.ts'), '--port', String(options.port ?? 0), '--createStreamMs', String(options.createStreamMs ?? 0));
  if (options.path !== undefined) args.push('--path', options.path);
  if (options.readsPerShardPerSecond) args.push('--readsPerShardPerSecond', String(options.readsPerShardPerSecond));
  if (options.iteratorTtlMs) args.push('--iteratorTtlMs', String(options.iteratorTtlMs));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' } });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`local Kinesis did not start within 30 s: ${err}`)), 30_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line !== undefined) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      }
    });
    child.stderr?.on('data', (c: Buffer) => void (err += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local Kinesis exited (code ${code}): ${err}`));
    });
  });
  child.stdout?.resume();
  child.stderr?.resume();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localClient(endpoint);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    endpoint,
    port,
    client,
    process: child,
    createStream: (name, shards) => createStream(client, name, shards),
    put: (name, records) => putRecords(client, name, records),
    splitShard: (name, shardId) => splitShard(client, name, shardId),
    async stop() {
      client.destroy();
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

async function waitActive(client: KinesisClient, name: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const d = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    if (d.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`stream ${name} did not become ACTIVE`);
}

export async function createStream(client: KinesisClient, name: string, shards: number): Promise<void> {
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  await waitActive(client, name);
}

export async function putRecords(
  client: KinesisClient,
  name: string,
  records: ReadonlyArray<{ data: string | Buffer; partitionKey: string }>,
): Promise<Array<{ shardId: string; sequenceNumber: string }>> {
  const out: Array<{ shardId: string; sequenceNumber: string }> = [];
  for (let i = 0; i < records.length; i += 500) {
    const entries: PutRecordsRequestEntry[] = records.slice(i, i + 500).map((r) => ({ Data: typeof r.data === 'string' ? Buffer.from(r.data) : r.data, PartitionKey: r.partitionKey }));
    const result = await client.send(new PutRecordsCommand({ StreamName: name, Records: entries }));
    if ((result.FailedRecordCount ?? 0) > 0) throw new Error(`${result.FailedRecordCount} records were not put`);
    for (const r of result.Records ?? []) out.push({ shardId: r.ShardId ?? '', sequenceNumber: r.SequenceNumber ?? '' });
  }
  return out;
}

export async function splitShard(client: KinesisClient, name: string, shardId: string): Promise<string[]> {
  const shards = (await client.send(new ListShardsCommand({ StreamName: name }))).Shards ?? [];
  const shard = shards.find((s) => s.ShardId === shardId);
  if (shard?.HashKeyRange?.StartingHashKey === undefined || shard.HashKeyRange.EndingHashKey === undefined) throw new Error(`no shard ${shardId}`);
  const middle = (BigInt(shard.HashKeyRange.StartingHashKey) + BigInt(shard.HashKeyRange.EndingHashKey)) / 2n;
  await client.send(new SplitShardCommand({ StreamName: name, ShardToSplit: shardId, NewStartingHashKey: middle.toString() }));
  await waitActive(client, name);
  const after = (await client.send(new ListShardsCommand({ StreamName: name }))).Shards ?? [];
  return after.filter((s) => s.ParentShardId === shardId).map((s) => s.ShardId ?? '');
}
