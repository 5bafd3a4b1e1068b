import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerAudit } from './cli/audit';
import { registerCheck } from './cli/check';
import { registerExperiments } from './cli/experiments';
import { registerGuard } from './cli/guard';
import { registerList } from './cli/list';
import { registerPep } from './cli/pep';

/** The command line: one module per command under src/cli/. */
// `fwa-theorems list | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const program = new Command();
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
program
  .name('fwa-theorems')
  .description('Executable theorems for finite weight averaging')
  .version(version, '-V, --version', 'print the version (package.json) and exit')
  .showHelpAfterError();
program.exitOverride((err) => {
  // commander's usage errors (unknown option, bad argument) exit 2, like every other bad input.
  process.exit(err.exitCode === 0 ? 0 : 2);
});
registerList(program);
registerAudit(program);
registerGuard(program);
registerCheck(program);
registerExperiments(program);
registerPep(program);
await program.parseAsync(process.argv);
