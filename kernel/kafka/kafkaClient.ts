import { Kafka, logLevel } from 'kafkajs';

/**
 * The kafkajs client every Kafka piece of Eddy uses. kafkajs' own logging is off: its
 * retries during an outage would flood the terminal, so Eddy's components write one
 * warning of their own that says what happens to the stream instead.
 *
 * why these timeouts: a broker that is down should be noticed in seconds (the stream
 * then warns and keeps going), not after kafkajs' 30 s default request timeout.
 */
export function kafkaClient(brokers: readonly string[], clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 10_000,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 2000 },
  });
}

/** `brokers` as a list: `'a:9092,b:9092'` and `['a:9092']` both work. */
export function brokerList(brokers: string | readonly string[]): string[] {
  const list = typeof brokers === 'string' ? brokers.split(',') : [...brokers];
  return list.map((b) => String(b).trim()).filter((b) => b.length > 0);
}

/** A short description of an error for a one-line warning. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
