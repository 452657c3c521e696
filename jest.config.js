// Three tiers (STYLE.md): unit needs no service; integration and e2e get real MongoDB, Redis and Temporal
// from the shared harness, which starts them once per run unless their URLs are given in env.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const moduleNameMapper = {
  '^@leadflow/domain$': '<rootDir>/libs/domain/src',
  '^@leadflow/engine$': '<rootDir>/libs/engine/src',
  '^@leadflow/persistence$': '<rootDir>/libs/persistence/src',
  '^@leadflow/jobs$': '<rootDir>/libs/services/jobs/src',
  '^@leadflow/scoring$': '<rootDir>/libs/services/scoring/src',
  '^@leadflow/qualification-runs$': '<rootDir>/libs/services/qualification-runs/src',
  '^@leadflow/config$': '<rootDir>/libs/config/src',
  '^@leadflow/logging$': '<rootDir>/libs/logging/src',
  '^@leadflow/outbound$': '<rootDir>/libs/outbound/src',
  '^@leadflow/enrichment$': '<rootDir>/libs/services/enrichment/src',
  '^@leadflow/dsl$': '<rootDir>/dsl/src',
  '^@leadflow/temporal/(.*)$': '<rootDir>/temporal/$1',
  '^@leadflow/test-harness$': '<rootDir>/test/harness',
};

const common = {
  rootDir: __dirname,
  transform: { '^.+\\.(t|j)s$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testEnvironment: 'node',
};

module.exports = {
  // A global option: Jest ignores it inside `projects`. Services-backed tests wait on real servers.
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,dsl,temporal,scripts}/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/', '/apps/console/'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/harness/global-setup.ts',
      globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/harness/global-setup.ts',
      globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
    },
  ],
};
