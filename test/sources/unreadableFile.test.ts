import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { otherUser, runAs } from '../support/otherUser';

// Issue 13 item 2: a file that cannot be read fails its batch (listener failureReason,
// awaitTermination rejects) and is read by a later batch once its permissions are fixed.
// Root reads every file, so the stream runs as an unprivileged user.

const ROOT = path.resolve(__dirname, '..', '..');

test('an unreadable file fails its batch, is retried each batch, and is read once it can be', { timeout: 120_000 }, async (t) => {
  const user = otherUser(t);
  if (!user) return;
  const r = runAs(user, 'sh', ['-c', `cd ${ROOT} && exec ${process.execPath} -r ts-node/register/transpile-only test/sources/fixtures/unreadableFile.ts`], { TMPDIR: '/tmp' });
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as {
    uid: number;
    batches: Array<[number, string[]]>;
    failures: Array<[number, string]>;
    terminated: string;
  };
  assert.equal(result.uid, user.uid);
  // Batch 1 fails on locked.txt; batch 2 reads both files again and fails again; after chmod,
  // batch 3 reads both (open.txt is not lost with the failed batches); batch 4 has nothing new.
  assert.deepEqual(result.failures.map(([time]) => time), [1000, 2000]);
  assert.match(result.failures[0][1], /textFileStream cannot read .*locked\.txt: EACCES, so this batch fails/);
  assert.deepEqual(result.batches, [
    [3000, ['finally', 'open']],
    [4000, []],
  ]);
  assert.match(result.terminated, /^rejected: .*locked\.txt: EACCES/);
});
