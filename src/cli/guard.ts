import type { Command } from 'commander';

/** `fwa-theorems guard` */
export function registerGuard(program: Command): void {
  program
    .command('guard')
    .description('(not implemented yet)')
    .action(() => {
      console.error('fwa-theorems guard: not implemented yet');
      process.exitCode = 2;
    });
}
