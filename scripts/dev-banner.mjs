// `npm run dev` pipes the API's and the worker's output through this: it passes every byte on, and once the
// output has been quiet for a while after start-up (the banner file exists), prints the "Leadflow is up"
// banner once more, so that it is on screen when the start-up logs have scrolled it away.
// Usage: node scripts/dev-banner.mjs <banner file> [quiet ms, default 3000]
import { existsSync, readFileSync } from 'node:fs';

const [bannerFile, quiet = '3000'] = process.argv.slice(2);
if (!bannerFile) {
  console.error('usage: node scripts/dev-banner.mjs <banner file> [quiet ms]');
  process.exit(2);
}
const quietMs = Number(quiet);
let lastOutput = Date.now();

process.stdin.on('data', (chunk) => {
  process.stdout.write(chunk);
  lastOutput = Date.now();
});
process.stdin.on('end', () => process.exit(0));

const timer = setInterval(() => {
  if (!existsSync(bannerFile) || Date.now() - lastOutput < quietMs) return;
  process.stdout.write(readFileSync(bannerFile, 'utf8'));
  clearInterval(timer);
}, 250);
