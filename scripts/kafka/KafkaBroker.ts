/**
 * A real, single-node Apache Kafka broker (KRaft combined mode) for tests and
 * for `npm run kafka`. No mocks: this starts the actual Kafka server on the
 * JVM from jars that Maven fetches into `.kafka/lib` (gitignored).
 *
 *   const broker = await startKafkaBroker();
 *   // ... new Kafka({ brokers: [broker.brokers] }) ...
 *   await broker.stop();
 *
 * The Kafka version is the one pinned in scripts/kafka/pom.xml (3.9.x: the
 * newest line that still speaks the protocol versions kafkajs 2.2.4 uses).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { freePort } from '../net/freePort';

export { freePort };

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const POM = path.join(__dirname, 'pom.xml');
/** Where Maven copies the broker's classpath; .ci/kafka-prefetch.sh fills the same place. */
export const KAFKA_LIB_DIR = path.join(PROJECT_ROOT, '.kafka', 'lib');
/**
 * Written into KAFKA_LIB_DIR after a complete download; holds the sha256 of
 * pom.xml so that changing the pom (e.g. the Kafka version) triggers a refetch.
 * .ci/kafka-prefetch.sh writes the same file the same way.
 */
const STAMP_FILE = '.eddy-kafka-stamp';

/** The Kafka version pinned in scripts/kafka/pom.xml (single source of truth). */
export const KAFKA_VERSION: string = (() => {
  const m = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(fs.readFileSync(POM, 'utf8'));
  if (!m) throw new Error(`no <kafka.version> in ${POM}`);
  return m[1].trim();
})();

export type KafkaAvailability = { ok: true } | { ok: false; why: string };

export interface KafkaBrokerOptions {
  /** Where config, storage and broker.log go. Default: a fresh temp dir, removed by stop(). */
  dataDir?: string;
  /** PLAINTEXT port on 127.0.0.1. Default: a free port. */
  port?: number;
  /** KRaft controller port on 127.0.0.1. Default: a free port. */
  controllerPort?: number;
  /** How long to wait for the broker to answer kafkajs (default 60 000 ms). */
  startTimeoutMs?: number;
  /** JVM max heap (default '512m'). */
  heap?: string;
  /** Keep a temp dataDir after stop() (a dataDir you pass in is always kept). */
  keepDataDir?: boolean;
}

export interface KafkaBroker {
  /** bootstrap address for clients, e.g. '127.0.0.1:39213' */
  readonly brokers: string;
  readonly port: number;
  readonly controllerPort: number;
  readonly dataDir: string;
  /** the broker's own log (stdout + stderr of the JVM) */
  readonly logFile: string;
  readonly clusterId: string;
  readonly pid: number;
  /** wall time from spawning the JVM until kafkajs could list topics */
  readonly startupMs: number;
  /** resolves when the JVM exits, for whatever reason */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (graceful shutdown), SIGKILL after a timeout; idempotent. */
  stop(): Promise<void>;
}

// ---------------------------------------------------------------------------
// Tools on this machine

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** `which`, without spawning anything. */
function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, cmd))) return path.join(dir, cmd);
  }
  return undefined;
}

/** The java Kafka's own scripts would use: $JAVA_HOME/bin/java, else PATH. */
function findJava(): string | undefined {
  const home = process.env.JAVA_HOME;
  if (home && isExecutable(path.join(home, 'bin', 'java'))) return path.join(home, 'bin', 'java');
  return which('java');
}

const JAVA_MISSING =
  "java not found (no $JAVA_HOME/bin/java, no 'java' on PATH): Kafka needs a JDK/JRE 11+, e.g. apt-get install openjdk-17-jre-headless";
const MVN_MISSING =
  `the Kafka ${KAFKA_VERSION} jars are not in ${KAFKA_LIB_DIR} and 'mvn' is not on PATH to fetch them: ` +
  'apt-get install maven (or run .ci/kafka-prefetch.sh where Maven exists)';

function pomHash(): string {
  return crypto.createHash('sha256').update(fs.readFileSync(POM)).digest('hex');
}

function jarsReady(dir = KAFKA_LIB_DIR): boolean {
  try {
    return fs.readFileSync(path.join(dir, STAMP_FILE), 'utf8').trim() === pomHash();
  } catch {
    return false;
  }
}

/**
 * Can a real broker be started here? java is always needed; mvn only while
 * the jars are not yet in .kafka/lib. Cheap (no process is spawned), so tests
 * can call it to print "skipped: <why>".
 */
export function kafkaAvailability(): KafkaAvailability {
  if (!findJava()) return { ok: false, why: JAVA_MISSING };
  if (!jarsReady() && !which('mvn')) return { ok: false, why: MVN_MISSING };
  return { ok: true };
}

// ---------------------------------------------------------------------------
// Jars

let jarsInFlight: Promise<string> | undefined;

/**
 * Makes sure the broker's jars are in .kafka/lib (running Maven if not) and
 * returns that directory. Safe to call concurrently, also from several
 * processes: each downloads into its own temp dir and renames it into place.
 */
export function ensureKafkaJars(): Promise<string> {
  if (jarsReady()) return Promise.resolve(KAFKA_LIB_DIR);
  jarsInFlight ??= fetchJars().finally(() => {
    jarsInFlight = undefined;
  });
  return jarsInFlight;
}

async function fetchJars(): Promise<string> {
  const mvn = which('mvn');
  if (!findJava()) throw new Error(`cannot fetch Kafka jars: ${JAVA_MISSING}`);
  if (!mvn) throw new Error(`cannot fetch Kafka jars: ${MVN_MISSING}`);
  const tmp = `${KAFKA_LIB_DIR}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  fs.mkdirSync(path.dirname(KAFKA_LIB_DIR), { recursive: true });
  const hash = pomHash();
  try {
    const args = ['-q', '-B', '-Dstyle.color=never', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${tmp}`];
    const { code, output } = await run(mvn, args, PROJECT_ROOT);
    if (code !== 0) {
      throw new Error(`mvn ${args.join(' ')} failed (exit ${code}):\n${tail(output, 40)}`);
    }
    if (!fs.existsSync(path.join(tmp, `kafka_2.13-${KAFKA_VERSION}.jar`))) {
      throw new Error(`mvn finished but ${tmp} has no kafka_2.13-${KAFKA_VERSION}.jar`);
    }
    fs.writeFileSync(path.join(tmp, STAMP_FILE), `${hash}\n`);
    if (jarsReady()) return KAFKA_LIB_DIR; // another process won the race
    // A stale lib (older pom) is replaced as a whole: mixing two Kafka
    // versions' jars on one classpath fails in confusing ways.
    fs.rmSync(KAFKA_LIB_DIR, { recursive: true, force: true });
    try {
      fs.renameSync(tmp, KAFKA_LIB_DIR);
    } catch (e) {
      if (!jarsReady()) throw e; // else: someone else renamed theirs in first
    }
    return KAFKA_LIB_DIR;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------
// Small process / network helpers

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.stderr.on('data', (b: Buffer) => chunks.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

function tail(text: string, lines: number): string {
  return text.split('\n').slice(-lines).join('\n');
}

/** Last `lines` lines of a (possibly large) file, or a note that it can't be read. */
function tailFile(file: string, lines = 40): string {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const len = Math.min(size, 64 * 1024);
      const buf = Buffer.alloc(len);
      fs.readSync(fd, buf, 0, len, size - len);
      return tail(buf.toString('utf8').trimEnd(), lines);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    return `(cannot read ${file}: ${(e as Error).message})`;
  }
}

/** Whether something can listen on 127.0.0.1:port right now. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function canConnect(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------
// Config

/**
 * A Kafka cluster id: 16 random bytes, base64url without padding (what `kafka-storage
 * random-uuid` prints). why the loop: one id in 64 starts with '-', which the storage
 * tool's argument parser reads as an option ("--cluster-id: expected one argument");
 * Kafka's own Uuid.randomUuid() draws again in that case too.
 */
export function randomClusterId(): string {
  for (;;) {
    const id = crypto.randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function serverProperties(o: { port: number; controllerPort: number; storageDir: string }): string {
  return [
    '# Written by scripts/kafka/KafkaBroker.ts: one node that is broker and KRaft controller.',
    'process.roles=broker,controller',
    'node.id=1',
    // A static voter set rather than 3.9's dynamic quorum (`format --standalone`):
    // the dynamic one records the controller's endpoint in the metadata log,
    // so a reused dataDir would break when the controller port changes.
    `controller.quorum.voters=1@127.0.0.1:${o.controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${o.port},CONTROLLER://127.0.0.1:${o.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${o.port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${o.storageDir}`,
    // A single node can't hold more replicas than one.
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    // why one partition each: the first group or transaction otherwise makes 50-partition
    // internal topics, which takes tens of seconds on a loaded machine.
    'offsets.topic.num.partitions=1',
    'transaction.state.log.num.partitions=1',
    'default.replication.factor=1',
    'min.insync.replicas=1',
    // Consumers join a group without the 3 s wait meant for big clusters.
    'group.initial.rebalance.delay.ms=0',
    'num.partitions=1',
    // A test broker needn't fill the disk: delete segments sooner than the 7-day default.
    'log.retention.hours=24',
    'log.segment.bytes=67108864',
    '',
  ].join('\n');
}

/** reload4j config: everything to stdout (which goes to broker.log), request chatter off. */
function log4jProperties(level: 'INFO' | 'WARN'): string {
  return [
    `log4j.rootLogger=${level}, stdout`,
    'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
    'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
    'log4j.logger.kafka.request.logger=WARN',
    'log4j.logger.org.apache.kafka.clients=WARN',
    'log4j.logger.state.change.logger=WARN',
    '',
  ].join('\n');
}

function readClusterId(storageDir: string): string | undefined {
  try {
    const text = fs.readFileSync(path.join(storageDir, 'meta.properties'), 'utf8');
    return /^cluster\.id=(.+)$/m.exec(text)?.[1]?.trim();
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------
// The broker

/** JVM processes started here and not yet stopped, killed if this process exits first. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Only synchronous work is possible in 'exit': ask the JVM to shut down.
  // The watchdog (below) escalates to SIGKILL if it doesn't.
  process.on('exit', () => {
    for (const child of live) child.kill('SIGTERM');
  });
}

/**
 * A `sh` that blocks reading a pipe from this process. When this process
 * dies in any way, even SIGKILL, the pipe closes, `read` returns, and the
 * watchdog terminates the JVM (TERM, then KILL after 15 s). The watchdog
 * itself is killed as soon as the JVM exits, so it never fires after a
 * normal stop() (nor at a pid that has been reused).
 */
function spawnWatchdog(pid: number): ChildProcess {
  const script =
    'read _ignored; kill -TERM "$1" 2>/dev/null; i=0; ' +
    'while kill -0 "$1" 2>/dev/null && [ $i -lt 30 ]; do sleep 0.5; i=$((i+1)); done; ' +
    'kill -KILL "$1" 2>/dev/null';
  const dog = spawn('/bin/sh', ['-c', script, 'eddy-kafka-watchdog', String(pid)], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true, // own process group: survives a signal sent to ours
  });
  dog.on('error', () => undefined); // no /bin/sh: we lose only the safety net
  dog.unref();
  (dog.stdin as net.Socket | null)?.unref();
  return dog;
}

/**
 * Starts a single-node Kafka broker on 127.0.0.1 and resolves once kafkajs
 * can list topics on it. Rejects with the tail of the broker's log if it
 * exits or isn't ready within `startTimeoutMs`.
 */
export async function startKafkaBroker(opts: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
  const java = findJava();
  if (!java) throw new Error(JAVA_MISSING);
  const lib = await ensureKafkaJars();

  const port = opts.port ?? (await freePort());
  if (opts.port !== undefined && !(await isPortFree(port))) {
    throw new Error(`port 127.0.0.1:${port} is already in use`);
  }
  let controllerPort = opts.controllerPort ?? (await freePort());
  while (controllerPort === port) controllerPort = await freePort();

  const tempDir = opts.dataDir === undefined;
  const dataDir = tempDir
    ? fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-kafka-'))
    : path.resolve(opts.dataDir as string);
  fs.mkdirSync(dataDir, { recursive: true });
  const removeDataDir = tempDir && !opts.keepDataDir;
  try {
    return await launch({ java, lib, dataDir, removeDataDir, port, controllerPort, opts });
  } catch (e) {
    // launch() stops a JVM it started; here only the temp dir is left to drop.
    if (removeDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}

async function launch(o: {
  java: string;
  lib: string;
  dataDir: string;
  removeDataDir: boolean;
  port: number;
  controllerPort: number;
  opts: KafkaBrokerOptions;
}): Promise<KafkaBroker> {
  const { java, lib, dataDir, removeDataDir, port, controllerPort, opts } = o;

  const storageDir = path.join(dataDir, 'storage');
  const propsFile = path.join(dataDir, 'server.properties');
  const log4jFile = path.join(dataDir, 'log4j.properties');
  const quietLog4jFile = path.join(dataDir, 'log4j-tools.properties');
  const logFile = path.join(dataDir, 'broker.log');
  fs.writeFileSync(propsFile, serverProperties({ port, controllerPort, storageDir }));
  fs.writeFileSync(log4jFile, log4jProperties('INFO'));
  fs.writeFileSync(quietLog4jFile, log4jProperties('WARN'));
  const classpath = path.join(lib, '*'); // the JVM expands 'dir/*' itself

  // Format storage once; a dataDir that already holds a formatted node
  // (e.g. .kafka/data of `npm run kafka`) is started as it is.
  let clusterId = readClusterId(storageDir);
  if (!clusterId) {
    const format = await run(
      java,
      [
        '-Xmx256m',
        `-Dlog4j.configuration=file:${quietLog4jFile}`,
        '-cp', classpath,
        'kafka.tools.StorageTool', 'format',
        '--cluster-id', randomClusterId(),
        '--config', propsFile,
        '--ignore-formatted',
      ],
      dataDir,
    );
    clusterId = readClusterId(storageDir);
    if (format.code !== 0 || !clusterId) {
      throw new Error(`kafka.tools.StorageTool format failed (exit ${format.code}):\n${tail(format.output, 40)}`);
    }
  }

  fs.appendFileSync(logFile, `\n===== eddy: starting Kafka ${KAFKA_VERSION} at ${new Date().toISOString()} =====\n`);
  const logFd = fs.openSync(logFile, 'a');
  const startedAt = Date.now();
  let child: ChildProcess;
  try {
    child = spawn(
      java,
      [
        `-Xmx${opts.heap ?? '512m'}`,
        '-Xms128m',
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-XX:+ExitOnOutOfMemoryError',
        '-Djava.awt.headless=true',
        `-Dlog4j.configuration=file:${log4jFile}`,
        `-Dkafka.logs.dir=${dataDir}`,
        '-cp', classpath,
        'kafka.Kafka', propsFile,
      ],
      {
        cwd: dataDir,
        stdio: ['ignore', logFd, logFd],
        // Own process group: Ctrl-C in a terminal reaches only us, and we
        // shut the broker down in order (instead of it racing us).
        detached: true,
      },
    );
  } finally {
    fs.closeSync(logFd); // the child holds its own copy
  }
  const pid = child.pid;
  if (pid === undefined) {
    const err = await new Promise<Error>((r) => child.once('error', r));
    throw new Error(`cannot start ${java}: ${err.message}`);
  }
  installExitHook();
  live.add(child);
  const watchdog = spawnWatchdog(pid);

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      watchdog.kill('SIGKILL');
      resolve({ code, signal });
    });
  });
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (!hasExited) {
        child.kill('SIGTERM'); // graceful: controlled shutdown, flush, unlock dirs
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      if (removeDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    })());

  const brokers = `127.0.0.1:${port}`;
  try {
    await waitUntilReady({ brokers, port, clusterId, exited: () => hasExited, deadline: startedAt + (opts.startTimeoutMs ?? 60_000) });
  } catch (e) {
    const log = tailFile(logFile);
    await stop().catch(() => undefined);
    const keptLog = removeDataDir ? '' : ` (full log: ${logFile})`;
    throw new Error(`${(e as Error).message}\n--- tail of the broker log${keptLog} ---\n${log}`);
  }

  return {
    brokers,
    port,
    controllerPort,
    dataDir,
    logFile,
    clusterId,
    pid,
    startupMs: Date.now() - startedAt,
    exited,
    stop,
  };
}

/**
 * Polls until (1) the port accepts TCP, (2) kafkajs can describe the
 * cluster, whose id must be ours (so a stray broker that happens to own the
 * port is not mistaken for the one just started), and list topics, and
 * (3) the group coordinator answers.
 */
async function waitUntilReady(o: {
  brokers: string;
  port: number;
  clusterId: string;
  exited: () => boolean;
  deadline: number;
}): Promise<void> {
  let lastError = 'port never accepted connections';
  while (Date.now() < o.deadline) {
    if (o.exited()) throw new Error(`Kafka broker exited during startup (${lastError})`);
    if (await canConnect(o.port)) {
      const admin = new Kafka({
        clientId: 'eddy-kafka-readiness',
        brokers: [o.brokers],
        logLevel: logLevel.NOTHING, // failures here are expected while it boots
        connectionTimeout: 1000,
        requestTimeout: 3000,
        retry: { retries: 0 },
      }).admin();
      try {
        await admin.connect();
        const { clusterId } = await admin.describeCluster();
        if (clusterId !== o.clusterId) {
          throw new Error(`127.0.0.1:${o.port} is a different Kafka cluster (${clusterId}, expected ${o.clusterId})`);
        }
        await admin.listTopics();
        // Warm up the group coordinator: the first FindCoordinator creates
        // __consumer_offsets. Done here, the first consumer of a test joins at
        // once instead of kafkajs logging "group coordinator is not available"
        // errors while it retries.
        await admin.describeGroups(['eddy-readiness']);
        return;
      } catch (e) {
        lastError = (e as Error).message;
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    }
    await sleep(200);
  }
  throw new Error(`Kafka broker not ready on 127.0.0.1:${o.port} within the timeout (last error: ${lastError})`);
}
