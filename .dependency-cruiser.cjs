// The import rules ESLint cannot see, because they are about the graph and not one file: no cycles, and the
// layers of DESIGN.md and STYLE.md. `npm run lint` runs this after ESLint; any violation fails it.
// Tests and benchmarks may reach past the layers (they read the database and drive workflows directly), but
// not into a cycle.

/** Production code: what the layer rules hold for. */
const PRODUCTION = '^(apps|libs|dsl|temporal)/';

/**
 * The tiers of ARCHITECTURE.md, lowest first. A module imports from its own tier and the tiers below,
 * never above. The DSL's CLI lives beside the DSL but is a program (file I/O, HTTP), so it is an app.
 */
const TIERS = [
  { name: 'pure', path: '^(libs/(domain|engine)/|dsl/(?!src/cli/))' },
  { name: 'platform', path: '^libs/(config|logging|outbound)/' },
  { name: 'persistence', path: '^libs/persistence/' },
  { name: 'temporal', path: '^temporal/' },
  { name: 'services', path: '^libs/services/' },
  { name: 'apps', path: '^(apps/|dsl/src/cli/)' },
];

/** One rule per tier: nothing in it imports from a tier above it. */
const tiersRunDown = TIERS.slice(0, -1).map((tier, index) => {
  const above = TIERS.slice(index + 1);
  return {
    name: `tier-${tier.name}-imports-down`,
    severity: 'error',
    comment: `The ${tier.name} tier imports only from itself and the tiers below it, never from ${above
      .map(({ name }) => name)
      .join(', ')} (ARCHITECTURE.md): move the shared part down a tier.`,
    from: { path: tier.path },
    to: { path: above.map(({ path }) => `(${path})`).join('|') },
  };
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...tiersRunDown,
    {
      name: 'every-module-in-a-tier',
      severity: 'error',
      comment:
        'Each production folder belongs to one tier: name a new folder in TIERS (.dependency-cruiser.cjs) and ARCHITECTURE.md.',
      from: { path: PRODUCTION, pathNot: TIERS.map(({ path }) => `(${path})`).join('|') },
      to: {},
    },
    {
      name: 'production-never-imports-tests',
      severity: 'error',
      comment:
        'Tests and benchmarks sit above every tier: only tests (*.spec.ts, *.test.ts) may import from them.',
      from: { path: PRODUCTION, pathNot: '\\.(spec|test)\\.tsx?$' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A module never reaches itself through its imports: move the shared part into a module of its own.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'mongoose-only-in-persistence',
      severity: 'error',
      comment:
        'libs/persistence is the only place that touches MongoDB: call a repository or a persistence provider.',
      from: { path: PRODUCTION, pathNot: '^libs/persistence/' },
      to: { path: '(^|/)node_modules/(mongoose|mongodb|@nestjs/mongoose)/' },
    },
    {
      name: 'controllers-talk-to-services',
      severity: 'error',
      comment:
        'A controller validates, calls one service method and maps the result: no repository, queue, database or Temporal client of its own (its record types are fine).',
      from: { path: '\\.controller\\.ts$' },
      to: {
        path: [
          '^libs/persistence/',
          '(^|/)node_modules/(mongoose|mongodb|bull|@nestjs/bull|ioredis|@temporalio)/',
        ],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'queues-only-through-producers',
      severity: 'error',
      comment:
        "Only a queue's producer and its processor inject it (libs/services/jobs, scoring, enrichment): apps call the producer.",
      from: { path: PRODUCTION, pathNot: '^libs/services/(jobs|scoring|enrichment)/' },
      to: { path: '(^|/)node_modules/@nestjs/bull/' },
    },
    {
      name: 'workflow-code-only-through-contracts',
      severity: 'error',
      comment:
        'Outside temporal/, code signals, queries and starts workflows through temporal/contracts, never by importing workflow code (the worker bundles it by path).',
      from: { path: PRODUCTION, pathNot: '^temporal/' },
      to: { path: '^temporal/workflows/' },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: '^(dist|\\.data|coverage|tmpbench|apps/console/dist)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count: a cycle of types still ties the modules together.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
