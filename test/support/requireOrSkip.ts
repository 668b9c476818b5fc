import type { TestContext } from 'node:test';

/**
 * For tests that need something from the machine (java, a browser, tmux...): when `why`
 * is set, print "skipped: <why>" and skip, except under EDDY_REQUIRE_ALL=1 (CI), where
 * a skip is a failure. Returns true when the test may go on.
 */
export function requireOrSkip(t: TestContext, why: string | undefined): boolean {
  if (why === undefined) return true;
  if (process.env.EDDY_REQUIRE_ALL === '1') {
    throw new Error(`EDDY_REQUIRE_ALL=1 and this test cannot run: ${why}`);
  }
  console.log(`skipped: ${why}`);
  t.skip(`skipped: ${why}`);
  return false;
}
