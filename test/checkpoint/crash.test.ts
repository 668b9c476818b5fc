import { after, test } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { seededRandom } from '../../samples/seededRandom';
import { crashSeed, makeLines, pause as sleep } from './crash/crashInput';
import { assertSameAsUninterrupted, asLines, kill, latestState, removeBuild, startChild, waitUntil } from './crash/crashHarness';

after(removeBuild);

/**
 * The crash test of issue 9: a child process runs a stateful pipeline (per-batch counts,
 * updateStateByKey totals, a 3-batch inverse-reduce window, all by saveAsTextFiles) and
 * is killed with SIGKILL at random moments, then restarted with getOrCreate; the output
 * must be what an uninterrupted run gives. The seed is printed: EDDY_CRASH_SEED=<n>
 * replays a run's kill times and input.
 */
const KILLS = 12;

test(`textFileStream: killed ${KILLS} times with SIGKILL, restarted with getOrCreate, the output equals an uninterrupted run's`, { timeout: 170_000 }, async () => {
  const s = crashSeed('crash test');
  const rand = seededRandom(s).next;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-crash-files-'));
  const [ckpt, input, out] = ['checkpoint', 'input', 'out'].map((d) => path.join(root, d));
  fs.mkdirSync(input);
  const args = ['files', ckpt, out, input];
  const log: string[] = [];
  const expected = new Map<string, number>();
  let fileNo = 0;
  const writeFile = (): void => {
    const name = `part-${fileNo++}.txt`;
    fs.writeFileSync(path.join(input, `.${name}`), makeLines(rand, 5 + Math.floor(rand() * 20), expected).join('\n') + '\n');
    fs.renameSync(path.join(input, `.${name}`), path.join(input, name));
  };
  let child = await startChild(args, log);
  try {
    // Files written before the first checkpoint would count as "there at start" after a restart.
    await waitUntil(() => fs.existsSync(ckpt) && fs.readdirSync(ckpt).some((f) => f.startsWith('checkpoint-')), 'the first checkpoint', 60_000);
    for (let k = 0; k < KILLS; k++) {
      const files = 1 + Math.floor(rand() * 3);
      for (let i = 0; i < files; i++) {
        writeFile();
        await sleep(rand() * 150);
      }
      await sleep(50 + rand() * 600); // a random moment: mid-batch, mid-checkpoint, mid-output
      await kill(child);
      if (rand() < 0.5) writeFile(); // data that arrives while the driver is down
      child = await startChild(args, log);
    }
    writeFile();
    await waitUntil(() => asLines(latestState(out)).join() === asLines(expected).join(), 'the final state to cover every input line', 90_000);
    await kill(child);
    assertSameAsUninterrupted(out, expected, `seed ${s}`);
    fs.rmSync(root, { recursive: true, force: true });
  } catch (error) {
    await kill(child);
    console.log(`crash test (seed ${s}) failed; files kept in ${root}; child stderr:\n${log.join('').slice(-4000)}`);
    throw error;
  }
});
