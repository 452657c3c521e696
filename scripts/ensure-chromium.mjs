// `node scripts/ensure-chromium.mjs`: installs Debian's Chromium when /usr/bin/chromium is missing, for the
// console's browser tests (test/e2e/console). The test command runs it before Jest.
import { ensureChromium } from './provision.mjs';

process.stdout.write(`chromium: ${ensureChromium()}\n`);
