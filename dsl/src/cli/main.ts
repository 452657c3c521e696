import { Command, CommanderError, Option } from 'commander';
import { defaultFactRegistry } from '@leadflow/domain';
import { ConfigError, loadCliConfig, type CliConfig } from '@leadflow/config';
import { analyzeCommand } from './analyze-command';
import { ApiError, apiTarget } from './api-client';
import { compileCommand } from './compile-command';
import { outcomeCommand, type OutcomeCommandOptions } from './outcome-command';
import { CliFailureCode, reportFailure, type CliIo, type OutputFormat } from './output';
import { errorMessage, UsageError } from './read-files';
import { exportCommand, planOrApplyCommand } from './rule-set-commands';
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

  const apiOption = () =>
    new Option('--api <url>', 'the Leadflow API, e.g. http://127.0.0.1:3000 (default: $LEADFLOW_API_URL)');
  const gitOps = (name: string, description: string, dryRun: boolean) =>
    program
      .command(name)
      .description(`${description}; credentials from $LEADFLOW_TOKEN (bearer) or $LEADFLOW_API_KEY`)
      .argument('<paths...>', 'the rule set: JSON files or directories (rules, criteria, workflows, bundles)')
      .addOption(apiOption())
      .addOption(formatOption())
      .action(async (paths: string[], options: { api?: string; format: OutputFormat }) => {
        const target = apiTarget(options.api, config);
        exitCode = await planOrApplyCommand(paths, { target, format: options.format, dryRun }, registry, io);
      });
  gitOps('plan', 'show what apply would change on the API (created, updated, deleted items)', true);
  gitOps('apply', "make the API's rule set equal to the files, as one new rule-set version", false);

  program
    .command('export')
    .description("write the API's rule set as one JSON file per rule, criterion and workflow")
    .argument('<dir>', 'target directory (gets rules/, criteria/ and workflows/)')
    .addOption(apiOption())
    .option('--force', 'replace files a previous export wrote')
    .addOption(formatOption())
    .action(async (dir: string, options: { api?: string; format: OutputFormat; force?: boolean }) => {
      const target = apiTarget(options.api, config);
      exitCode = await exportCommand(
        dir,
        { target, format: options.format, force: options.force === true },
        io,
      );
    });

  program
    .command('analyze')
    .description(
      'conversion analytics of a rule set in files against the live won and lost leads: lift and suggested points per rule',
    )
    .argument('<paths...>', 'the rule set: JSON files or directories')
    .addOption(apiOption())
    .addOption(formatOption())
    .action(async (paths: string[], options: { api?: string; format: OutputFormat }) => {
      const target = apiTarget(options.api, config);
      exitCode = await analyzeCommand(paths, { target, format: options.format }, registry, io);
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
        const target = apiTarget(options.api, config);
        exitCode = await outcomeCommand(lead, outcome, { ...options, target }, io);
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
    { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) },
    process.env,
  );
}
