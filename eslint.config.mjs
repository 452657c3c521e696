// Lint rules that keep the architecture of DESIGN.md true, file by file: libraries never import apps, domain,
// engine and dsl stay pure, and workflow code stays deterministic (STYLE.md). The order of the tiers, which is
// about the import graph, is checked by .dependency-cruiser.cjs (ARCHITECTURE.md).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const IO_PACKAGES = [
  '@nestjs/*',
  'mongoose',
  'bull',
  '@nestjs/bull',
  'ioredis',
  '@temporalio/*',
  'nodemailer',
  'pino*',
  'express',
];
const NODE_BUILTINS = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const APPS = ['**/apps/*', '../**/apps/**'];
// Other Leadflow packages reached by a relative path instead of their alias.
const LEADFLOW_LIBS = [
  'engine',
  'persistence',
  'jobs',
  'scoring',
  'qualification-runs',
  'config',
  'logging',
  'outbound',
  'enrichment',
];
const OTHER_PACKAGES_BY_PATH = [
  ...LEADFLOW_LIBS.map((name) => `**/${name}/src*`),
  '**/dsl/src*',
  '**/temporal/**',
];
// Any Leadflow package but the domain, by alias or by path (later patterns with ! re-allow, as in .gitignore).
const ONLY_DOMAIN = [
  '@leadflow/*',
  '!@leadflow/domain',
  ...OTHER_PACKAGES_BY_PATH,
  '!../**/libs/domain/src*',
];

// Node built-ins are matched by exact name (a pattern 'domain' would also match any folder called domain).
const restrict = (patterns, message) => {
  const builtins = patterns.filter((name) => NODE_BUILTINS.includes(name));
  const globs = patterns.filter((name) => !NODE_BUILTINS.includes(name));
  return {
    'no-restricted-imports': [
      'error',
      { paths: builtins.map((name) => ({ name, message })), patterns: [{ group: globs, message }] },
    ],
  };
};

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', '.data/', 'coverage/', 'apps/console/dist/', 'tmpbench/'],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Persistence's records are declared as schema classes (@nestjs/mongoose) but read lean: plain
      // objects, which spread without losing anything.
      '@typescript-eslint/no-misused-spread': [
        'error',
        {
          allow: [
            {
              from: 'file',
              name: 'RuleSetVersionRecord',
              path: 'libs/persistence/src/rule-set-versions/rule-set-version.schema.ts',
            },
            {
              from: 'file',
              name: 'WorkflowExecutionDocument',
              path: 'libs/persistence/src/workflow-executions/workflow-execution.schema.ts',
            },
          ],
        },
      ],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-extraneous-class': [
        'error',
        { allowWithDecorator: true, allowStaticOnly: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // NestJS and mongoose take their options as plain objects typed by classes; that is their API.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
    },
  },
  {
    // The launcher, scripts and the CLI shim are plain JavaScript: linted without type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['libs/**/*.ts', 'dsl/**/*.ts', 'temporal/**/*.ts'],
    rules: restrict(APPS, 'libraries never import from apps.'),
  },
  // The pure tiers below each name their whole list: a later block's no-restricted-imports replaces an
  // earlier one's for the same file, so each list repeats the apps ban rather than relying on the block above.
  {
    files: ['libs/domain/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: restrict(
      [
        ...APPS,
        ...IO_PACKAGES,
        ...NODE_BUILTINS,
        '@leadflow/*',
        ...OTHER_PACKAGES_BY_PATH,
        'json-rules-engine',
      ],
      'libs/domain is pure: no I/O, no framework, no other Leadflow package.',
    ),
  },
  {
    files: ['dsl/src/**/*.ts'],
    ignores: ['dsl/src/cli/**', '**/*.spec.ts'],
    rules: restrict(
      [...APPS, ...IO_PACKAGES, ...NODE_BUILTINS, ...ONLY_DOMAIN],
      'dsl is pure: it imports only @leadflow/domain (the CLI in dsl/src/cli does the file I/O).',
    ),
  },
  {
    files: ['libs/engine/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: restrict(
      [...APPS, ...IO_PACKAGES, ...NODE_BUILTINS, ...ONLY_DOMAIN],
      'libs/engine is pure: json-rules-engine and @leadflow/domain only.',
    ),
  },
  {
    // Workflow code is replayed: it must be deterministic, and the bundler does not read tsconfig paths.
    files: ['temporal/workflows/**/*.ts'],
    rules: {
      ...restrict(
        [
          ...NODE_BUILTINS,
          '@leadflow/*',
          '@nestjs/*',
          'mongoose',
          'bull',
          'ioredis',
          '@temporalio/client',
          '@temporalio/worker',
          '@temporalio/activity',
        ],
        'workflow code imports @temporalio/workflow and relative paths only.',
      ),
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'use the workflow clock (new Date() is replay-safe in workflows) or pass time in',
        },
        {
          object: 'Math',
          property: 'random',
          message: 'use uuid4() from @temporalio/workflow, or pass randomness in',
        },
      ],
      'no-restricted-globals': ['error', 'setInterval', 'process', 'require'],
    },
  },
  prettier,
);
