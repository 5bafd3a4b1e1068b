/**
 * Numeric options of every command: a bad value is reported with the flag the user typed
 * (`--seed abc` once said "invalid FWA_SEED"), by commander, which the CLI turns into exit code 2
 * (the spawned check is in properties/cli-process.test.ts).
 */
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerAudit } from '../src/cli/audit';
import { registerCheck } from '../src/cli/check';
import { registerExperiments } from '../src/cli/experiments';
import { registerGuard } from '../src/cli/guard';

const commands: [string[], (p: Command) => void][] = [
  [['audit'], registerAudit],
  [['guard'], registerGuard],
  [['experiments'], registerExperiments],
  [['check', 'my-catalog.ts'], registerCheck],
];

async function usageError(register: (p: Command) => void, args: string[]): Promise<string> {
  const err: string[] = [];
  const program = new Command()
    .exitOverride()
    .configureOutput({ writeErr: (s) => void err.push(s), writeOut: () => {} });
  register(program);
  await expect(program.parseAsync(['node', 'fwa-theorems', ...args])).rejects.toBeInstanceOf(CommanderError);
  return err.join('');
}

describe('a bad numeric option names the flag', () => {
  for (const [command, register] of commands) {
    it(`${command[0]} --seed`, async () => {
      for (const bad of ['abc', '-1', '1.5', '4294967296', '']) {
        const msg = await usageError(register, [...command, '--seed', bad]);
        expect(msg, bad).toMatch(
          /option '--seed <n>' argument .* is invalid\. expected an integer in \[0, 4294967295\]/,
        );
        expect(msg).not.toMatch(/invalid FWA_SEED/);
      }
    });
  }

  it('audit --threads 0, --budget -1', async () => {
    expect(await usageError(registerAudit, ['audit', '--threads', '0'])).toMatch(/'--threads <n>' argument '0'/);
    expect(await usageError(registerAudit, ['audit', '--budget', '-1'])).toMatch(/'--budget <seconds>' argument '-1'/);
  });
});
