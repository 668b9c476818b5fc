import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Where an application stands in one shard: after `sequenceNumber`, or done with the shard. */
export interface ShardPosition {
  sequenceNumber?: string;
  finished: boolean;
}

interface StoredState {
  streamName: string;
  endpointUrl: string;
  appName: string;
  savedAt: string;
  shards: Record<string, ShardPosition>;
}

/** Default folder of the positions: ~/.eddy/kinesis (spark.streaming.kinesis.appStateDir overrides it). */
export function defaultAppStateDir(): string {
  return path.join(os.homedir(), '.eddy', 'kinesis');
}

/**
 * The positions of a Kinesis application (`checkpointAppName`) in one stream, kept in
 * a JSON file so that a new context, in this process or a later one, resumes where the
 * last one stopped. It stands in for the KCL's DynamoDB lease table, which Spark uses
 * (a local Kinesis has no DynamoDB); the file is replaced atomically on each save.
 */
export class KinesisAppState {
  readonly file: string;

  constructor(
    directory: string,
    private readonly appName: string,
    private readonly streamName: string,
    private readonly endpointUrl: string,
    private readonly regionName: string,
  ) {
    const digest = crypto.createHash('sha256').update(`${endpointUrl}\n${regionName}\n${streamName}`).digest('hex').slice(0, 12);
    this.file = path.join(directory, `${appName.replace(/[^A-Za-z0-9._-]/g, '_')}-${streamName.replace(/[^A-Za-z0-9._-]/g, '_')}-${digest}.json`);
  }

  /** The stored positions, or an empty map for an application seen for the first time. */
  load(): Map<string, ShardPosition> {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return new Map();
    }
    try {
      const state = JSON.parse(text) as StoredState;
      return new Map(Object.entries(state.shards ?? {}));
    } catch (error) {
      throw new Error(`The stored positions of Kinesis application ${this.appName} (${this.file}) cannot be read: ${(error as Error).message}. Delete the file to start from the initial position.`);
    }
  }

  save(positions: ReadonlyMap<string, ShardPosition>): void {
    const state: StoredState = {
      streamName: this.streamName,
      endpointUrl: this.endpointUrl,
      appName: this.appName,
      savedAt: new Date().toISOString(),
      shards: Object.fromEntries(positions),
    };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(state, null, 1));
    fs.renameSync(tmp, this.file);
  }
}
