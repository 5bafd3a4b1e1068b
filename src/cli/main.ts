import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerAudit } from './audit';
import { registerCheck } from './check';
import { registerExperiments } from './experiments';
import { registerExplore } from './explore';
import { registerGuard } from './guard';
import { registerList } from './list';
import { registerPep } from './pep';
import { registerSearch } from './search';

/** The command line as a value: one module per command under src/cli/. */
export function createProgram(): Command {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  const program = new Command();
  program
    .name('fwa-theorems')
    .description('Executable theorems for finite weight averaging')
    .version(version, '-V, --version', 'print the version (package.json) and exit')
    .showHelpAfterError();
  // commander's usage errors (unknown option, bad argument) become exit 2 in main(), like every other bad input.
  program.exitOverride();
  registerList(program);
  registerAudit(program);
  registerGuard(program);
  registerCheck(program);
  registerExperiments(program);
  registerPep(program);
  registerExplore(program);
  registerSearch(program);
  return program;
}

/**
 * Runs the CLI on argv (process.argv form: node, script, args…) and returns its exit code: 0 or 1
 * from the command, 2 for bad input. Used by bin/ through src/cli.ts and, in process, by the
 * hostile-input tests (properties/reliability/hostile-cli.test.ts).
 */
export async function main(argv: readonly string[]): Promise<number> {
  process.exitCode = undefined;
  try {
    await createProgram().parseAsync([...argv]);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    return e.exitCode === 0 ? 0 : 2;
  }
  return Number(process.exitCode ?? 0);
}
