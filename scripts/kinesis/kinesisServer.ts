/**
 * The local Kinesis process: kinesalite (an open implementation of the Kinesis API,
 * in memory, or in LevelDB with --path) on 127.0.0.1, optionally with two limits of
 * the real service that kinesalite does not enforce:
 *
 *   --readsPerShardPerSecond N   GetRecords calls per shard per second (Kinesis: 5);
 *                                more are answered ProvisionedThroughputExceededException
 *   --iteratorTtlMs MS           how long a shard iterator stays valid (Kinesis: 300 000);
 *                                an older one is answered ExpiredIteratorException
 *
 * With either set, a small HTTP front on the public port applies them and passes every
 * request on to kinesalite unchanged (answers in the service's own JSON error shape).
 * Prints one JSON line, {"port": N}, once it listens. Run by LocalKinesis.ts.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const kinesalite = require('kinesalite') as (options: Record<string, unknown>) => http.Server;

interface Args {
  port: number;
  path: string | undefined;
  createStreamMs: number;
  readsPerShardPerSecond: number;
  iteratorTtlMs: number;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    port: Number(get('port') ?? 0),
    path: get('path'),
    createStreamMs: Number(get('createStreamMs') ?? 0),
    readsPerShardPerSecond: Number(get('readsPerShardPerSecond') ?? 0),
    iteratorTtlMs: Number(get('iteratorTtlMs') ?? 0),
  };
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** Iterators handed out (by GetShardIterator or as a NextShardIterator): their shard and when. */
const iterators = new Map<string, { shardId: string; issuedAt: number }>();
/** Per shard, the times of GetRecords calls in the last second. */
const reads = new Map<string, number[]>();

function sendError(res: http.ServerResponse, type: string, message: string): void {
  const body = JSON.stringify({ __type: type, message });
  res.writeHead(400, { 'Content-Type': 'application/x-amz-json-1.1', 'Content-Length': Buffer.byteLength(body), 'x-amzn-RequestId': `eddy-${Date.now()}` });
  res.end(body);
}

function front(innerPort: number, args: Args): http.Server {
  const agent = new http.Agent({ keepAlive: true });
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const target = String(req.headers['x-amz-target'] ?? '');
      const op = target.slice(target.indexOf('.') + 1);
      let request: { ShardId?: string; ShardIterator?: string; StreamName?: string } = {};
      try {
        request = body.length > 0 ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        request = {};
      }
      let shardId: string | undefined;
      if (op === 'GetRecords' && request.ShardIterator !== undefined) {
        const known = iterators.get(request.ShardIterator);
        const now = Date.now();
        if (known !== undefined) {
          shardId = known.shardId;
          if (args.iteratorTtlMs > 0 && now - known.issuedAt > args.iteratorTtlMs) {
            sendError(res, 'ExpiredIteratorException', `Iterator expired. The iterator was created at time ${new Date(known.issuedAt).toUTCString()} while right now it is ${new Date(now).toUTCString()} which is further in the future than the tolerated delay of ${args.iteratorTtlMs} milliseconds.`);
            return;
          }
          if (args.readsPerShardPerSecond > 0) {
            const recent = (reads.get(shardId) ?? []).filter((t) => now - t < 1000);
            if (recent.length >= args.readsPerShardPerSecond) {
              reads.set(shardId, recent);
              sendError(res, 'ProvisionedThroughputExceededException', `Rate exceeded for shard ${shardId} in stream ${request.StreamName ?? ''} under account 000000000000.`);
              return;
            }
            recent.push(now);
            reads.set(shardId, recent);
          }
        }
      } else if (op === 'GetShardIterator') {
        shardId = request.ShardId;
      }
      const inner = http.request(
        { host: '127.0.0.1', port: innerPort, method: req.method, path: req.url, headers: req.headers, agent },
        (innerRes) => {
          const out: Buffer[] = [];
          innerRes.on('data', (c: Buffer) => out.push(c));
          innerRes.on('end', () => {
            const answer = Buffer.concat(out);
            if (shardId !== undefined && innerRes.statusCode === 200) {
              try {
                const parsed = JSON.parse(answer.toString('utf8')) as { ShardIterator?: string; NextShardIterator?: string };
                const issued = parsed.ShardIterator ?? parsed.NextShardIterator;
                if (issued !== undefined) iterators.set(issued, { shardId, issuedAt: Date.now() });
                if (request.ShardIterator !== undefined) iterators.delete(request.ShardIterator);
              } catch {
                // not JSON: nothing to track
              }
            }
            res.writeHead(innerRes.statusCode ?? 500, innerRes.headers);
            res.end(answer);
          });
        },
      );
      inner.on('error', (e) => sendError(res, 'InternalFailure', e.message));
      inner.end(body);
    });
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const options: Record<string, unknown> = { createStreamMs: args.createStreamMs, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100 };
  if (args.path !== undefined) options.path = args.path;
  const store = kinesalite(options);
  const limited = args.readsPerShardPerSecond > 0 || args.iteratorTtlMs > 0;
  let port: number;
  if (limited) {
    const innerPort = await listen(store, 0);
    port = await listen(front(innerPort, args), args.port);
  } else {
    port = await listen(store, args.port);
  }
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  const stop = (): void => {
    store.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The parent went away (a test killed hard): do not outlive it.
  process.on('disconnect', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`local Kinesis failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
