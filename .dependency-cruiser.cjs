// The import rules ESLint cannot see, because they are about the graph and not one file: no cycles, and the
// layers of DESIGN.md and STYLE.md. `npm run lint` runs this after ESLint; any violation fails it.
// Tests and benchmarks may reach past the layers (they read the database and drive workflows directly), but
// not into a cycle.

/** Production code: what the layer rules hold for. */
const PRODUCTION = '^(apps|libs|dsl|temporal)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
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
