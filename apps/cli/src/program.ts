import { Command, InvalidArgumentError } from 'commander';
import { envsTable } from './commands/envs.js';
import { randomRollouts } from './commands/rollout.js';
import { parsePositiveInt, parseSeed, UsageError } from './flags.js';

/** Commander turns InvalidArgumentError into its own one-line "error: option ..." and exit code 1. */
function flag<T>(parse: (value: string) => T) {
  return (value: string): T => {
    try {
      return parse(value);
    } catch (error) {
      if (error instanceof UsageError) throw new InvalidArgumentError(error.message);
      throw error;
    }
  };
}

export function program(): Command {
  const cli = new Command('gogepo')
    .description('Goal-conditioned generators of deep policies: environments, training and evaluation')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

  cli
    .command('envs')
    .description('list the registered environments')
    .action(() => {
      console.log(envsTable());
    });

  cli
    .command('rollout')
    .description('run random-policy episodes and print return, length and steps/s')
    .requiredOption('--env <id>', 'environment id (see `gogepo envs`)')
    .option('--episodes <n>', 'number of episodes', flag(parsePositiveInt('episodes')), 3)
    .option('--seed <s>', 'seed of the policy and of episode i (seed + i)', flag(parseSeed('seed')), 0)
    .action(async (opts: { env: string; episodes: number; seed: number }) => {
      let steps = 0;
      let seconds = 0;
      const reports = await randomRollouts(opts, (r) => {
        steps += r.length;
        seconds += r.length / r.stepsPerSecond;
        console.log(
          `${opts.env} episode ${r.episode}: return ${r.return.toFixed(2)}, length ${r.length}` +
            ` (${r.terminated ? 'terminated' : 'truncated'}), ${Math.round(r.stepsPerSecond)} steps/s`,
        );
      });
      const mean = reports.reduce((s, r) => s + r.return, 0) / reports.length;
      console.log(`${opts.env}: mean return ${mean.toFixed(2)} over ${reports.length} episodes, ${Math.round(steps / seconds)} steps/s`);
    });

  return cli;
}
