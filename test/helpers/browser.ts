import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.BROADSHEET_CHROMIUM || '/usr/bin/chromium';

/** The flags this machine needs: no sandbox as root, and nothing that phones home on a closed network. */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-sync',
  '--disable-background-networking', '--disable-component-update', '--no-first-run',
];

/** Why browser tests cannot run here, or undefined when they can. CI requires them (BROADSHEET_REQUIRE_BROWSER=1). */
export function browserMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  return `${CHROMIUM} is not installed (apt-get install chromium)`;
}

export const BROWSER_REQUIRED = process.env.BROADSHEET_REQUIRE_BROWSER === '1';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
