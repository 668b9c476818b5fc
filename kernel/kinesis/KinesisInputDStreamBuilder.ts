import { EddyError, invalidArgument } from '../errors/EddyError';
import { StreamingContext } from '../streaming/StreamingContext';
import { Duration } from '../util/Duration';
import { KinesisInitialPosition, KinesisInitialPositions } from './KinesisInitialPositions';
import type { KinesisCredentials } from './kinesisClient';
import { KinesisInputDStream } from './KinesisInputDStream';
import type { KinesisRecord } from './KinesisRecord';

/** The KCL's CloudWatch metrics levels: accepted for Spark compatibility, and ignored (Eddy publishes no CloudWatch metrics). */
export type KinesisMetricsLevel = 'NONE' | 'SUMMARY' | 'DETAILED';

const EXAMPLE =
  "For example KinesisInputDStream.builder().streamingContext(ssc).streamName('events').checkpointAppName('my-app')" +
  ".endpointUrl('http://127.0.0.1:4567').regionName('us-east-1').initialPosition(new KinesisInitialPositions.TrimHorizon()).build().";

/**
 * Spark's KinesisInputDStream.Builder (spark-streaming-kinesis-asl 3.5). Required:
 * `streamingContext`, `streamName`, `checkpointAppName`. Defaults as Spark's:
 * endpoint https://kinesis.us-east-1.amazonaws.com, region us-east-1, initial position
 * Latest, checkpoint interval = the batch duration. `storageLevel`, `metricsLevel` and
 * `metricsEnabledDimensions` are accepted and ignored (records stay in memory until
 * their batch ran; there is no CloudWatch). Credentials: the AWS SDK's default chain,
 * or `kinesisCredentials({ accessKeyId, secretAccessKey })`.
 */
export class KinesisInputDStreamBuilder {
  private ssc: StreamingContext | undefined;
  private name: string | undefined;
  private appName: string | undefined;
  private endpoint = 'https://kinesis.us-east-1.amazonaws.com';
  private region = 'us-east-1';
  private position: KinesisInitialPosition = new KinesisInitialPositions.Latest();
  private interval: Duration | undefined;
  private credentials: KinesisCredentials | undefined;

  streamingContext(ssc: StreamingContext): this {
    if (!(ssc instanceof StreamingContext)) throw invalidArgument(`streamingContext needs a StreamingContext, got ${String(ssc)}.`, EXAMPLE);
    this.ssc = ssc;
    return this;
  }

  streamName(streamName: string): this {
    this.name = nonEmpty('streamName', streamName);
    return this;
  }

  /** The application whose positions the stream resumes from and saves (the KCL application name). */
  checkpointAppName(appName: string): this {
    this.appName = nonEmpty('checkpointAppName', appName);
    return this;
  }

  endpointUrl(url: string): this {
    nonEmpty('endpointUrl', url);
    try {
      new URL(url);
    } catch {
      throw invalidArgument(`endpointUrl is ${JSON.stringify(url)}; it must be a URL such as http://127.0.0.1:4567.`);
    }
    this.endpoint = url;
    return this;
  }

  regionName(regionName: string): this {
    this.region = nonEmpty('regionName', regionName);
    return this;
  }

  initialPosition(initialPosition: KinesisInitialPosition): this {
    if (!(initialPosition instanceof KinesisInitialPosition)) {
      throw invalidArgument(
        `initialPosition needs a KinesisInitialPositions value, got ${String(initialPosition)}.`,
        'Use new KinesisInitialPositions.Latest(), new KinesisInitialPositions.TrimHorizon() or new KinesisInitialPositions.AtTimestamp(date).',
      );
    }
    this.position = initialPosition;
    return this;
  }

  /** How often the application's positions are saved (default: the batch duration). */
  checkpointInterval(interval: Duration): this {
    if (!(interval instanceof Duration) || interval.milliseconds <= 0) throw invalidArgument(`checkpointInterval needs a positive Duration such as Seconds(10), got ${String(interval)}.`);
    this.interval = interval;
    return this;
  }

  /** Accepted for Spark compatibility and ignored. */
  storageLevel(_level: string): this {
    return this;
  }

  /** Accepted for Spark compatibility and ignored: Eddy publishes no CloudWatch metrics. */
  metricsLevel(_level: KinesisMetricsLevel): this {
    return this;
  }

  /** Accepted for Spark compatibility and ignored. */
  metricsEnabledDimensions(_dimensions: Iterable<string>): this {
    return this;
  }

  /** Explicit credentials instead of the SDK's default chain (Spark's SparkAWSCredentials.builder.basicCredentials). */
  kinesisCredentials(credentials: KinesisCredentials): this {
    if (credentials === null || typeof credentials !== 'object' || !credentials.accessKeyId || !credentials.secretAccessKey) {
      throw invalidArgument('kinesisCredentials needs { accessKeyId, secretAccessKey } (and optionally sessionToken).');
    }
    this.credentials = { ...credentials };
    return this;
  }

  /** A stream of `handler(record)` for each record. */
  buildWithMessageHandler<T>(handler: (record: KinesisRecord) => T): KinesisInputDStream<T> {
    if (typeof handler !== 'function') throw invalidArgument(`buildWithMessageHandler needs a function (record) => value, got ${String(handler)}.`);
    const ssc = required(this.ssc, 'streamingContext');
    return new KinesisInputDStream<T>(ssc, {
      streamName: required(this.name, 'streamName'),
      endpointUrl: this.endpoint,
      regionName: this.region,
      initialPosition: this.position,
      checkpointAppName: required(this.appName, 'checkpointAppName'),
      checkpointInterval: this.interval ?? ssc.batchDuration,
      credentials: this.credentials,
      messageHandler: handler,
    });
  }

  /** A stream of each record's bytes (Spark: Array[Byte]). */
  build(): KinesisInputDStream<Buffer> {
    return this.buildWithMessageHandler((record) => record.data);
  }
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new EddyError('invalid-argument', `KinesisInputDStream.builder(): no value was given for the required parameter ${name}.`, { hint: EXAMPLE });
  return value;
}

function nonEmpty(name: string, value: string): string {
  if (typeof value !== 'string' || value.length === 0) throw invalidArgument(`${name} is ${JSON.stringify(value)}; it must be a non-empty string.`, EXAMPLE);
  return value;
}
