// Regenerates the README's picture of the web UI (docs/webui.png):
//   node -r ts-node/register/transpile-only scripts/webui/screenshot.ts [out.png]
// A `pageviews` replay with backpressure on, views per url published with toUI, a window,
// and a page in Debian's chromium (playwright-core) after ~12 s of batches.
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { Milliseconds, Seconds, SparkConf, SparkContext, StreamingContext, startWebUI } from '../../kernel';

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..', 'docs', 'webui.png'));
  const conf = new SparkConf()
    .setAppName('pageviews')
    .setMaster('local[2]')
    .set('spark.streaming.backpressure.enabled', 'true')
    .set('spark.streaming.backpressure.initialRate', '60');
  const sc = new SparkContext(conf);
  const ssc = new StreamingContext(sc, Milliseconds(500), { out: () => undefined });
  const views = ssc.sampleStream('pageviews', { speed: 8, loop: true });
  const byUrl = views.map((v): [string, number] => [v.split(',')[1], 1]).reduceByKey((a, b) => a + b);
  byUrl.toUI('views per url');
  byUrl.window(Seconds(3), Seconds(1)).reduceByKey((a, b) => a + b).foreachRDD(() => undefined);
  const ui = await startWebUI(ssc, { port: 0 });
  ssc.start();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 0.6 });
    await page.goto(ui.url);
    await page.waitForTimeout(12_000);
    await page.locator('#completed-table tbody tr').nth(2).click();
    await page.locator('#detail-outputs tbody tr').first().waitFor();
    await page.screenshot({ path: out, fullPage: true });
    process.stdout.write(`wrote ${out}\n`);
  } finally {
    await browser.close();
    await ui.close();
    await ssc.stop(true);
  }
}

void main();
