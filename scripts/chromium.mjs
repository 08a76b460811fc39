// The one place that says how the project runs Chromium: Debian's binary (never a downloaded browser), headless,
// with the flags that keep it off the network this machine does not have. Used by every browser test and bench.

/** Debian's chromium; CHROME_PATH overrides it (CI sets the same path). */
export const CHROMIUM_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

/** Flags for a headless run (without the background-networking flags Chromium hammers a closed network). */
export const CHROMIUM_ARGS = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);
