import type { Command } from 'commander';

/** `fwa-theorems experiments` */
export function registerExperiments(program: Command): void {
  program
    .command('experiments')
    .description('(not implemented yet)')
    .action(() => {
      console.error('fwa-theorems experiments: not implemented yet');
      process.exitCode = 2;
    });
}
