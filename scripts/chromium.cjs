// @ts-check
/**
 * Headless Chromium for the end-to-end test and the UI benchmark: Debian's /usr/bin/chromium (or CHROMIUM_PATH)
 * driven by playwright-core, with the flags this machine's closed network needs.
 */
const { existsSync } = require('node:fs');

const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Why Chromium cannot run here, or false when it can. */
function chromiumMissing() {
  return existsSync(chromiumPath) ? false : `no Chromium at ${chromiumPath} (apt-get install chromium)`;
}

function launchChromium() {
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_FLAGS });
}

module.exports = { chromiumPath, CHROMIUM_FLAGS, chromiumMissing, launchChromium };
