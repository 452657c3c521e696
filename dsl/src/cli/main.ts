import { homedir } from 'node:os';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { defaultFactRegistry } from '@leadflow/domain';
import { ConfigError, loadCliConfig, type CliConfig } from '@leadflow/config';
import { analyzeCommand } from './analyze-command';
import { ApiError, apiTarget } from './api-client';
import { compileCommand } from './compile-command';
import { credentialsFile, readCredentials } from './credentials';
import { loginCommand, logoutCommand } from './login-command';
import { outcomeCommand, type OutcomeCommandOptions } from './outcome-command';
import { CliFailureCode, reportFailure, type CliIo, type OutputFormat } from './output';
import { errorMessage, UsageError } from './read-files';
import { DEFAULT_MAX_DELETIONS, exportCommand, planOrApplyCommand } from './rule-set-commands';
import { scoreCommand, type ScoreCommandOptions } from './score-command';
import { validateCommand } from './validate-command';

const formatOption = () =>
  new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');

/**
 * Runs `leadflow` with `argv` (without the node and script entries) and the environment it was started with,
 * and returns the exit code: 0 ok, 1 invalid documents, 2 usage errors (a malformed environment variable
 * too). Never calls process.exit, so tests can call it in-process.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<number> {
  const registry = defaultFactRegistry();
  // Known before parsing, so that a mistake commander finds in the arguments is reported as JSON too.
  const format = requestedFormat(argv);
  const fail = (code: string, message: string, exit: number): number => {
    reportFailure(io, format, [{ code, message }]);
    return exit;
  };
  let config: CliConfig;
  try {
    config = loadCliConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return fail(CliFailureCode.CONFIG, error.message, 2);
    throw error;
  }
  let exitCode = 0;
  const program = new Command('leadflow')
    .description(
      'Validate, compile and try out Leadflow scoring rules, criteria and workflows (JSON DSL), and keep an API in step with them (plan, apply, export).',
    )
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // In JSON, the catch below reports the mistake once, as JSON; help output stays text.
      outputError: (text, write) => {
        if (format === 'text') write(text);
      },
    });

  program
    .command('validate')
    .description(
      'validate JSON documents (rules, criteria, workflows, bundles) and lint the rule set they form',
    )
    .argument('<paths...>', 'JSON files or directories')
    .addOption(formatOption())
    .action((paths: string[], options: { format: OutputFormat }) => {
      exitCode = validateCommand(paths, options.format, registry, io);
    });

  program
    .command('compile')
    .description('print the json-rules-engine rule(s) or workflow program(s) a document compiles to')
    .argument('<file>', 'a JSON document')
    .addOption(formatOption())
    .action((file: string, options: { format: OutputFormat }) => {
      exitCode = compileCommand(file, options.format, registry, io);
    });

  program
    .command('score')
    .description('score one lead against a rule set')
    .requiredOption('--rules <path>', 'a rule, bundle or directory of them')
    .requiredOption('--lead <file>', 'the lead as JSON (may carry an "activities" list)')
    .option('--activities <file>', 'JSON list of {type, occurred_at}')
    .option('--now <iso>', 'the instant day-based facts are computed at (default: now)')
    .option('--explain', 'show every rule and leaf with its fact value and result')
    .addOption(formatOption())
    .action((options: ScoreCommandOptions) => {
      exitCode = scoreCommand(options, registry, io);
    });

  // `leadflow login` keeps a token here; flags, then the environment, then this file (see apiTarget).
  const credentials = credentialsFile(config.XDG_CONFIG_HOME, homedir());
  const target = (flags: { api?: string; token?: string }) =>
    apiTarget(flags, config, readCredentials(credentials));
  const apiOption = () =>
    new Option(
      '--api <url>',
      'the Leadflow API, e.g. http://127.0.0.1:3000 (default: $LEADFLOW_API_URL, then the one of leadflow login)',
    );
  const tokenOption = () =>
    new Option(
      '--token <token>',
      'bearer token (default: $LEADFLOW_TOKEN, $LEADFLOW_API_KEY, then leadflow login)',
    );
  interface GitOpsFlags {
    api?: string;
    token?: string;
    format: OutputFormat;
    prune?: boolean;
    yes?: boolean;
    maxDeletions: number;
  }
  const gitOps = (name: string, description: string, dryRun: boolean) =>
    program
      .command(name)
      .description(description)
      .argument('<paths...>', 'the rule set: JSON files or directories (rules, criteria, workflows, bundles)')
      .addOption(apiOption())
      .addOption(tokenOption())
      .option('--prune', 'delete server items the folder leaves out, in the sections the folder holds')
      .option('--yes', 'apply: carry out any number of deletions')
      .option(
        '--max-deletions <n>',
        'apply: refuse more deletions than this without --yes',
        nonNegativeInteger,
        DEFAULT_MAX_DELETIONS,
      )
      .addOption(formatOption())
      .action(async (paths: string[], flags: GitOpsFlags) => {
        exitCode = await planOrApplyCommand(
          paths,
          {
            target: target(flags),
            format: flags.format,
            dryRun,
            prune: flags.prune === true,
            yes: flags.yes === true,
            maxDeletions: flags.maxDeletions,
          },
          registry,
          io,
        );
      });
  gitOps('plan', 'show what apply would change on the API (created, updated, deleted, kept items)', true);
  gitOps('apply', "bring the API's rule set in line with the files, as one new rule-set version", false);

  program
    .command('login')
    .description(`get a bearer token and keep it in ${credentials} (mode 0600) for the other commands`)
    .addOption(apiOption())
    .requiredOption('--username <name>', 'a user of the API (the editor role can plan and apply)')
    .option('--password-stdin', 'read the password from standard input')
    .addOption(formatOption())
    .action(
      async (flags: { api?: string; username: string; passwordStdin?: boolean; format: OutputFormat }) => {
        const api = flags.api ?? config.LEADFLOW_API_URL ?? readCredentials(credentials)?.api;
        if (!api) throw new UsageError('no API address: pass --api URL or set LEADFLOW_API_URL');
        const password =
          flags.passwordStdin && io.readStdin ? (await io.readStdin()).replace(/\r?\n$/, '') : '';
        exitCode = await loginCommand(
          { api, username: flags.username, password, format: flags.format },
          credentials,
          io,
        );
      },
    );

  program
    .command('logout')
    .description(`forget the token leadflow login kept (${credentials})`)
    .addOption(formatOption())
    .action((flags: { format: OutputFormat }) => {
      exitCode = logoutCommand(credentials, flags.format, io);
    });

  program
    .command('export')
    .description("write the API's rule set as one JSON file per rule, criterion and workflow")
    .argument('<dir>', 'target directory (gets rules/, criteria/ and workflows/)')
    .addOption(apiOption())
    .addOption(tokenOption())
    .option('--force', 'replace files a previous export wrote')
    .addOption(formatOption())
    .action(
      async (
        dir: string,
        options: { api?: string; token?: string; format: OutputFormat; force?: boolean },
      ) => {
        exitCode = await exportCommand(
          dir,
          { target: target(options), format: options.format, force: options.force === true },
          io,
        );
      },
    );

  program
    .command('analyze')
    .description(
      'conversion analytics of a rule set in files against the live won and lost leads: lift and suggested points per rule',
    )
    .argument('<paths...>', 'the rule set: JSON files or directories')
    .addOption(apiOption())
    .addOption(formatOption())
    .action(async (paths: string[], options: { api?: string; format: OutputFormat }) => {
      exitCode = await analyzeCommand(
        paths,
        { target: target(options), format: options.format },
        registry,
        io,
      );
    });

  program
    .command('outcome')
    .description("record a lead's outcome (won, lost, or open to clear it), kept in its outcome history")
    .argument('<lead>', 'the lead id')
    .argument('<outcome>', 'won, lost or open')
    .option('--date <iso>', 'when it was decided (default: now)')
    .option('--amount <number>', 'the amount won')
    .option('--reason <text>', 'why it was won or lost')
    .addOption(apiOption())
    .addOption(formatOption())
    .action(
      async (
        lead: string,
        outcome: string,
        options: OutcomeCommandOptions & { api?: string; format: OutputFormat },
      ) => {
        exitCode = await outcomeCommand(lead, outcome, { ...options, target: target(options) }, io);
      },
    );

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;
      // commander has already written the text form (outputError above)
      if (format === 'text') return 2;
      return fail(CliFailureCode.USAGE, error.message.replace(/^error: /, ''), 2);
    }
    if (error instanceof ApiError) return fail(CliFailureCode.API, error.message, 1);
    if (error instanceof UsageError) return fail(CliFailureCode.USAGE, error.message, 2);
    return fail(CliFailureCode.FAILED, errorMessage(error), 1);
  }
}

function nonNegativeInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new InvalidArgumentError('must be a whole number >= 0');
  return value;
}

/** `--format json` or `--format=json` anywhere in the arguments (each command takes the option). */
function requestedFormat(argv: readonly string[]): OutputFormat {
  const json = argv.some(
    (arg, index) => arg === '--format=json' || (arg === '--format' && argv[index + 1] === 'json'),
  );
  return json ? 'json' : 'text';
}

/** Entry point of bin/leadflow.js. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  // The one place the CLI reads the environment; runCli validates it (CLI_CONFIG_VARIABLES) before anything.
  process.exitCode = await runCli(
    argv,
    {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      readStdin: async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString('utf8');
      },
    },
    process.env,
  );
}
