import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { kinesisSdk } from './kinesisSdk';

/** A shard as the stream's lineage needs it. */
export interface ShardInfo {
  shardId: string;
  /** The shard(s) it came from: a split has one parent, a merge two. */
  parents: string[];
  /** False once the shard was split or merged (it has an ending sequence number). */
  open: boolean;
}

/** Every shard of the stream (ListShards, all pages), in shard-id order. */
export async function listShards(client: KinesisClient, streamName: string): Promise<ShardInfo[]> {
  const out: ShardInfo[] = [];
  let nextToken: string | undefined;
  do {
    // ListShards takes either the stream name or the next page's token, never both.
    const page = await client.send(new (kinesisSdk().ListShardsCommand)(nextToken === undefined ? { StreamName: streamName } : { NextToken: nextToken }));
    for (const s of page.Shards ?? []) {
      if (s.ShardId === undefined) continue;
      const parents = [s.ParentShardId, s.AdjacentParentShardId].filter((p): p is string => typeof p === 'string' && p.length > 0);
      out.push({ shardId: s.ShardId, parents, open: s.SequenceNumberRange?.EndingSequenceNumber === undefined });
    }
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return out.sort((a, b) => (a.shardId < b.shardId ? -1 : a.shardId > b.shardId ? 1 : 0));
}
