import * as fs from 'node:fs';
import type { Browser } from 'playwright-core';

/** Debian's chromium (CHROMIUM_PATH overrides); undefined when it is not installed. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  return candidates.find((p) => fs.existsSync(p));
}

export function chromiumMissing(): string | undefined {
  return chromiumPath() === undefined ? 'chromium is not installed (apt-get install -y chromium, or set CHROMIUM_PATH)' : undefined;
}

/** Launches chromium headless through playwright-core. `--no-sandbox`: CI runs as root, where chromium's sandbox cannot start. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}
