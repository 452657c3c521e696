#!/usr/bin/env node
// Generates companies.json, the small company dataset the `dataset` enrichment provider ships with.
// Deterministic (a seeded PRNG, no clock), so running it again gives the same bytes; a unit test checks that.
// The output goes through the repo's Prettier config, so `npm run format:check` accepts it as written.
// Every company is fictional and every domain is under the reserved `.example` TLD (RFC 2606).
//   node data/enrichment/generate.mjs            rewrites companies.json beside this script
//   node data/enrichment/generate.mjs --stdout   prints it instead
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';

const COUNT = 200;
const SEED = 20251125;

// mulberry32: tiny, fast and good enough to pick words; the seed makes it reproducible.
function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);
const pick = (items) => items[Math.floor(random() * items.length)];
const pickSome = (items, min, max) => {
  const count = min + Math.floor(random() * (max - min + 1));
  const pool = [...items];
  const chosen = [];
  while (chosen.length < count && pool.length > 0)
    chosen.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  return chosen.sort();
};

// prettier-ignore
const FIRST = [
  'Amber', 'Arbor', 'Aster', 'Basalt', 'Birch', 'Blue', 'Bramble', 'Brook', 'Cedar', 'Cinder', 'Cobalt', 'Copper',
  'Coral', 'Crest', 'Dapple', 'Drift', 'Ember', 'Fern', 'Fjord', 'Flint', 'Frost', 'Garnet', 'Glade', 'Granite',
  'Harbor', 'Hazel', 'Heron', 'Indigo', 'Iris', 'Juniper', 'Kestrel', 'Lark', 'Linden', 'Lumen', 'Maple', 'Meadow',
  'Moss', 'Nimbus', 'Nova', 'Oak', 'Onyx', 'Orchid', 'Pebble', 'Pine', 'Quartz', 'Quill', 'Raven', 'Ridge', 'Rowan',
  'Sable', 'Sage', 'Slate', 'Sparrow', 'Spruce', 'Stone', 'Thistle', 'Tidal', 'Umber', 'Vale', 'Willow', 'Wren',
  'Zephyr',
];
// prettier-ignore
const SECOND = [
  'Analytics', 'Bio', 'Cloud', 'Commerce', 'Data', 'Dynamics', 'Energy', 'Foods', 'Freight', 'Health', 'Labs',
  'Logistics', 'Media', 'Metrics', 'Networks', 'Robotics', 'Security', 'Software', 'Systems', 'Works',
];
const LEGAL = ['', '', '', 'Inc', 'Inc.', 'LLC', 'Ltd', 'GmbH', 'Corp', 'S.A.', 'B.V.', 'Oy'];
// prettier-ignore
const INDUSTRIES = {
  Analytics: 'Software', Bio: 'Biotechnology', Cloud: 'SaaS', Commerce: 'E-commerce', Data: 'SaaS',
  Dynamics: 'Manufacturing', Energy: 'Energy', Foods: 'Food & Beverage', Freight: 'Logistics',
  Health: 'Healthcare', Labs: 'Software', Logistics: 'Logistics', Media: 'Media', Metrics: 'SaaS',
  Networks: 'Telecommunications', Robotics: 'Manufacturing', Security: 'Cybersecurity', Software: 'Software',
  Systems: 'IT Services', Works: 'Professional Services',
};
// Head-count buckets, each with the range its annual revenue (dollars) is drawn from.
const SIZES = [
  { bucket: '1-10', revenue: [200_000, 2_000_000] },
  { bucket: '11-50', revenue: [1_000_000, 10_000_000] },
  { bucket: '51-200', revenue: [5_000_000, 50_000_000] },
  { bucket: '201-500', revenue: [20_000_000, 150_000_000] },
  { bucket: '501-1000', revenue: [60_000_000, 400_000_000] },
  { bucket: '1001-5000', revenue: [200_000_000, 2_000_000_000] },
  { bucket: '5001-10000', revenue: [1_000_000_000, 8_000_000_000] },
  { bucket: '10000+', revenue: [5_000_000_000, 60_000_000_000] },
];
// prettier-ignore
const TECHNOLOGIES = [
  'aws', 'azure', 'gcp', 'salesforce', 'hubspot', 'marketo', 'segment', 'snowflake', 'stripe', 'shopify',
  'wordpress', 'react', 'google_analytics', 'zendesk', 'intercom', 'slack', 'jira', 'okta', 'kubernetes', 'postgres',
];

const slugOf = (words) => words.join('').toLowerCase();
const companies = [];
const seen = new Set();
while (companies.length < COUNT) {
  const first = pick(FIRST);
  const second = pick(SECOND);
  const slug = slugOf([first, second]);
  if (seen.has(slug)) continue;
  seen.add(slug);
  const legal = pick(LEGAL);
  const size = pick(SIZES);
  const [low, high] = size.revenue;
  const revenue = Math.round((low + random() * (high - low)) / 100_000) * 100_000;
  const domains = [`${slug}.example`];
  if (random() < 0.15) domains.push(`${first.toLowerCase()}-${second.toLowerCase()}.example`);
  companies.push({
    name: legal === '' ? `${first} ${second}` : `${first} ${second} ${legal}`,
    domains,
    industry: INDUSTRIES[second],
    company_size: size.bucket,
    company_revenue: revenue,
    technologies: pickSome(TECHNOLOGIES, 2, 6),
    social_profiles: { linkedin: `company/${slug}`, twitter: slug },
  });
}

const target = join(dirname(fileURLToPath(import.meta.url)), 'companies.json');
const json = JSON.stringify({ generated_by: 'data/enrichment/generate.mjs', seed: SEED, companies });
const output = await prettier.format(json, { ...(await prettier.resolveConfig(target)), filepath: target });
if (process.argv.includes('--stdout')) process.stdout.write(output);
else writeFileSync(target, output);
