/**
 * The full command-line interface (commander): every command, its options and its help. `main.ts` loads this
 * only when the argv is not one of the hot paths it answers directly (`hook <agent>`, `check -- ...`).
 */
import { Command, CommanderError } from 'commander';
import { policyJudgeFactory, registerHookCommand } from './hook.js';
import { registerPolicyCommand } from './policy.js';
import { registerInstallCommands } from './install.js';
import { registerDoctorCommand } from './doctor.js';
import { registerGateCommands } from './gate-commands.js';
import { registerServeCommand } from './serve-command.js';
import { registerDeployCommands } from './service.js';
import { registerMcpCommands } from './mcp.js';
import { registerBrokerCommands } from './exec.js';

/** The product version (package.json). */
export const VERSION = '0.1.0';

/** Exit codes of `check` (DESIGN.md §11). */
export const EXIT = { allow: 0, ask: 10, deny: 20, usage: 2, internal: 3 } as const;

/** Run the CLI on `argv` (without node and script); resolves to the exit code. */
export async function runProgram(argv: readonly string[]): Promise<number> {
  const program = new Command();
  program
    .name('portcullis')
    .description(
      'A safety gate between AI agents and your infrastructure: it judges what an agent is about to run ' +
        'and allows it, asks a human, or denies it.',
    )
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)');

  let code = 0;
  program
    .command('check')
    .description('judge a shell command: exit 0 allow, 10 ask, 20 deny, 2 usage error')
    .option('--json', 'print the Decision as JSON')
    .option('--cwd <dir>', 'working directory the command would run in (default: the current one)')
    .option('--policy <file>', 'policy file (default: the built-in policy)')
    .option('--batch <file>', 'judge JSONL lines {id, command, cwd?} from FILE (- for stdin)')
    .argument('[command...]', 'the command, after --')
    .addHelpText(
      'after',
      `
Examples:
  portcullis check -- git status                      # exit 0: allow
  portcullis check -- 'terraform destroy -auto-approve' --cwd infra/envs/prod
  portcullis check --json -- "ssh db1 'sudo rm -rf /var/lib/postgresql'"
  portcullis check --batch commands.jsonl > decisions.jsonl

One argument is taken as a whole command line (quote it to keep pipes and &&);
several arguments are quoted back into one command, as your shell split them.`,
    )
    .action(async (words: string[], opts: { json?: boolean; cwd?: string; policy?: string; batch?: string }) => {
      const { runCheck } = await import('./check.js');
      code = await runCheck(words, opts);
    });

  registerHookCommand(program, {
    // Hooks decide with the policy in force in the agent's working directory; a bad policy denies.
    judge: policyJudgeFactory,
    setExitCode: (c) => {
      code = c;
    },
  });
  registerPolicyCommand(program, (c) => {
    code = c;
  });
  registerInstallCommands(program, { setExitCode: (c) => (code = c) });
  registerDoctorCommand(program, { setExitCode: (c) => (code = c) });
  registerServeCommand(program, { setExitCode: (c) => (code = c), version: VERSION });
  registerGateCommands(program, { setExitCode: (c) => (code = c) });
  registerDeployCommands(program, { setExitCode: (c) => (code = c) });
  registerBrokerCommands(program, { setExitCode: (c) => (code = c) });
  registerMcpCommands(program, { setExitCode: (c) => (code = c), version: VERSION });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
      return EXIT.usage;
    }
    throw err;
  }
  return code;
}

