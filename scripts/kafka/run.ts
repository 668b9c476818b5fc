/**
 * `npm run kafka [dataDir]`: a real local Kafka broker for trying eddy by hand.
 *
 * Listens on 127.0.0.1:9092 when that port is free (else on a free port),
 * keeps its data in .kafka/data (or the dataDir given), and runs until
 * Ctrl-C / SIGTERM, then shuts the broker down cleanly. Topics and committed
 * offsets survive a restart on the same dataDir.
 */
import * as path from 'node:path';
import { KAFKA_VERSION, isPortFree, startKafkaBroker } from './KafkaBroker';

const PREFERRED_PORT = 9092;

async function main(): Promise<void> {
  const dataDir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..', '.kafka', 'data'));
  const port = (await isPortFree(PREFERRED_PORT)) ? PREFERRED_PORT : undefined;
  if (port === undefined) console.log(`127.0.0.1:${PREFERRED_PORT} is taken; using a free port instead.`);
  console.log(`Starting Kafka ${KAFKA_VERSION} (data in ${dataDir}) ...`);

  const broker = await startKafkaBroker({ dataDir, port });
  console.log(
    [
      `Kafka ${KAFKA_VERSION} is up (started in ${(broker.startupMs / 1000).toFixed(1)} s).`,
      `  brokers:  ${broker.brokers}`,
      `  data dir: ${broker.dataDir}`,
      `  log:      ${broker.logFile}`,
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) {
      console.log(`(${signal} again: still waiting for the broker to stop)`);
      return;
    }
    stopping = true;
    console.log(`\n${signal}: stopping the broker ...`);
    broker.stop().then(
      () => {
        console.log('Kafka stopped.');
        process.exit(0);
      },
      (e: unknown) => {
        console.error('stopping Kafka failed:', e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  // The JVM dying on its own is an error worth a non-zero exit.
  const exit = await broker.exited;
  if (!stopping) {
    console.error(`Kafka exited unexpectedly (code ${exit.code}, signal ${exit.signal}); see ${broker.logFile}`);
    process.exit(1);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
