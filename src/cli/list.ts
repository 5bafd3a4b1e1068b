import type { Command } from 'commander';

/** `fwa-theorems list` */
export function registerList(program: Command): void {
  program
    .command('list')
    .description('(not implemented yet)')
    .action(() => {
      console.error('fwa-theorems list: not implemented yet');
      process.exitCode = 2;
    });
}
