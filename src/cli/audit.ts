import type { Command } from 'commander';

/** `fwa-theorems audit` */
export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('(not implemented yet)')
    .action(() => {
      console.error('fwa-theorems audit: not implemented yet');
      process.exitCode = 2;
    });
}
