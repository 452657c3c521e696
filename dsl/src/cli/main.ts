import { Command, CommanderError, Option } from 'commander';
import { defaultFactRegistry } from '@leadflow/domain';
import { compileCommand } from './compile-command';
import type { CliIo, OutputFormat } from './output';
import { errorMessage, UsageError } from './read-files';
import { scoreCommand, type ScoreCommandOptions } from './score-command';
import { validateCommand } from './validate-command';

const formatOption = () =>
  new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');

/**
 * Runs `leadflow` with `argv` (without the node and script entries) and returns the exit code:
 * 0 ok, 1 invalid documents, 2 usage errors. Never calls process.exit, so tests can call it in-process.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const registry = defaultFactRegistry();
  let exitCode = 0;
  const program = new Command('leadflow')
    .description('Validate, compile and try out Leadflow scoring rules, criteria and workflows (JSON DSL).')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

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

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError) {
      io.stderr(`leadflow: ${error.message}\n`);
      return 2;
    }
    io.stderr(`leadflow: ${errorMessage(error)}\n`);
    return 1;
  }
}

/** Entry point of bin/leadflow.js. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await runCli(argv, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
