import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Milliseconds, SparkConf, SparkContext, StreamingContext, startWebUI } from '../../../kernel';
import { requireOrSkip } from '../../support/requireOrSkip';
import { chromiumMissing, launchChromium } from './browser';

const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A word count over the `words` sample (a receiver, so input rates and receivers show), published with toUI. */
function pipeline(sc: SparkContext, label: string): StreamingContext {
  const ssc = new StreamingContext(sc, Milliseconds(250), { out: () => undefined });
  const lines = ssc.sampleStream('words', { speed: 4, loop: true });
  const counts = lines.flatMap((l) => l.split(' ')).map((w): [string, number] => [w, 1]).reduceByKey((a, b) => a + b);
  counts.toUI(label);
  lines.map((l) => `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">${l.length}`).toUI('raw markup');
  lines.window(Milliseconds(1000), Milliseconds(500)).count().foreachRDD(() => undefined);
  return ssc;
}

/** Polls `ready` (the page's CSP forbids playwright's string predicates, rightly) until it holds. */
async function waitUntil(ready: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the page shows batches rising, a toUI stream, batch details, escaped values, and follows a new context', { timeout: 175_000 }, async (t) => {
  if (!requireOrSkip(t, chromiumMissing())) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eddy-webui-browser-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const sc = new SparkContext(new SparkConf().setAppName('webui-test').setMaster('local[2]'));
  let ssc = pipeline(sc, 'top words');
  let ui = await startWebUI(ssc, { port: 0 });
  cleanups.push(() => ui.close());
  cleanups.push(() => ssc.stop(true));
  assert.match(ui.url, /^http:\/\/127\.0\.0\.1:\d+\/$/, 'loopback needs no token');
  ssc.start();

  const browser = await launchChromium();
  cleanups.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // While the server is down (the restart below) chromium logs the page's failed reconnects: expected.
    if (m.type() === 'error' && !/WebSocket connection to .* failed|ERR_CONNECTION_REFUSED/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  await page.goto(ui.url);

  const batchCount = async (): Promise<number> => Number(await page.textContent('#batch-count'));
  await waitUntil(async () => (await batchCount()) >= 2, 'two batches shown');
  const before = await batchCount();
  await waitUntil(async () => (await batchCount()) > before, 'the batch count rising');
  assert.ok((await batchCount()) > before, 'the batch count rises while the page is open');

  // The toUI stream's latest values: bars of the top words, from the DOM.
  const card = page.locator('.stream-card[data-name="top words"]');
  await card.locator('.bar-key').first().waitFor({ timeout: 60_000 });
  assert.equal(await card.getAttribute('data-kind'), 'bars');
  const keys = await card.locator('.bar-key').allTextContents();
  assert.ok(keys.length > 0 && keys.every((k) => k.length > 0), `top keys shown: ${keys.join(', ')}`);
  const values = (await card.locator('.bar-value').allTextContents()).map((v) => Number(v.replace(/,/g, '')));
  assert.deepEqual(values, [...values].sort((a, b) => b - a), 'largest first');

  // Stream values holding markup are shown as text and never run.
  const raw = page.locator('.stream-card[data-name="raw markup"] td').first();
  await raw.waitFor({ timeout: 60_000 });
  assert.match((await raw.textContent()) ?? '', /^<script>window\.__pwned = 1<\/script><img src=x onerror=/);
  const pwned = await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned);
  assert.equal(pwned, undefined, 'markup in stream values never runs');
  assert.equal(await page.locator('.stream-card script, .stream-card img').count(), 0);

  // The charts are drawn (uPlot canvases), the graph shows the window with its slide, receivers are listed.
  assert.ok((await page.locator('#chart-proc canvas').count()) > 0);
  assert.ok((await page.locator('#hist-total canvas').count()) > 0);
  assert.match((await page.textContent('#graph')) ?? '', /window 1000 ms.*slide 500 ms/s);
  await page.locator('#receiver-table td', { hasText: 'sampleStream(words)' }).first().waitFor({ timeout: 60_000 });

  // A click on a completed batch opens its output operations and its input per source.
  await page.locator('#completed-table tbody tr').first().click();
  await page.locator('#detail-outputs tbody tr').first().waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('#detail').isHidden(), false);
  const ops = await page.locator('#detail-outputs tbody tr').allTextContents();
  assert.ok(ops.some((o) => /toUI/.test(o) && /succeeded/.test(o)), `output operations: ${ops.join(' | ')}`);
  assert.match((await page.textContent('#detail-inputs')) ?? '', /sampleStream\(words\)/);

  const shot = path.join(dir, 'webui.png');
  await page.screenshot({ path: shot, fullPage: false });
  assert.ok(fs.statSync(shot).size > 10_000, 'a screenshot was written');
  if (process.env.EDDY_WEBUI_SCREENSHOT) fs.copyFileSync(shot, process.env.EDDY_WEBUI_SCREENSHOT);

  // A new context (the REPL's :new): the page drops what it drew and follows the new one.
  await ssc.stop(false);
  ssc = pipeline(sc, 'top words again');
  ui.follow(ssc);
  ssc.start();
  await page.locator('.stream-card[data-name="top words again"] .bar-key').first().waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('.stream-card[data-name="top words"]').count(), 0, 'the old context is gone from the page');

  // The server goes away (the session's process ended) and comes back on the same port: the page reconnects by itself.
  const port = Number(new URL(ui.url).port);
  await ui.close();
  await page.locator('#status.disconnected').waitFor({ timeout: 60_000 });
  await ssc.stop(false);
  ssc = pipeline(sc, 'after the restart');
  ui = await startWebUI(ssc, { port });
  ssc.start();
  await page.locator('.stream-card[data-name="after the restart"] .bar-key').first().waitFor({ timeout: 60_000 });
  assert.equal(await page.textContent('#status'), 'running');
  assert.deepEqual(problems, []);
});
