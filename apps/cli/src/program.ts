import { InvalidArgumentError, type Command } from 'commander';
import { parseChoice, parseNumber, parsePositiveInt, parseSeed, resolveModules, TOOL_VERSION, ToolCommand, UsageError } from '@gogepo/core/cli';
import { backendChoices, type BackendChoice } from '@gogepo/nn/backend-choices';

/**
 * The command line. Only commander and light modules are loaded up front, so
 * that --help, --version and usage errors answer at once; each command loads
 * the packages it runs on (tfjs, MuJoCo, the algorithms, the viewer) when it runs.
 */
async function runtime() {
  const [core] = await Promise.all([import('@gogepo/core'), import('@gogepo/baselines')]); // the baselines register ARS, DDPG and UDRL
  return core;
}

const collect = (value: string, previous: string[]) => [...previous, value];
const requireOption = ['--require <module>', 'a JavaScript module that registers environments or algorithms (repeatable; recorded in the run)', collect, [] as string[]] as const;
/** For commands that open a run: a run folder never loads code on its own, so the modules it recorded must be named again. */
const runRequireOption = ['--require <module>', "a module the run (or policy file) needs, which it recorded (repeatable): a run folder never loads code on its own", collect, [] as string[]] as const;

/** Loads the --require modules (resolved from the working directory) and returns their absolute paths. */
async function required(modules: string[]): Promise<string[]> {
  const paths = resolveModules(modules);
  await (await runtime()).loadModules(paths);
  return paths;
}

const parsePort = (value: string): number => {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError(`--port must be a whole number from 0 to 65535, got "${value}"`);
  return port;
};

export function program(): Command {
  const cli = new ToolCommand('gogepo')
    .description('Goal-conditioned generators of deep policies: environments, training and evaluation')
    .version(TOOL_VERSION, '-V, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

  cli
    .command('envs')
    .description('list the registered environments')
    .option(...requireOption)
    .action(async (opts: { require: string[] }) => {
      await required(opts.require);
      const { envsTable } = await import('./commands/envs.js');
      console.log(await envsTable());
    });

  cli
    .command('rollout')
    .description('run random-policy episodes and print return, length and steps/s')
    .requiredOption('--env <id>', 'environment id (see `gogepo envs`) (required)')
    .option('--episodes <n>', 'number of episodes', parsePositiveInt('episodes'), 3)
    .option('--seed <s>', 'seed of the random policy and of the episodes (episode i: a hash of seed and i)', parseSeed('seed'), 0)
    .option(...requireOption)
    .action(async (opts: { env: string; episodes: number; seed: number; require: string[] }) => {
      await required(opts.require);
      const { randomRollouts } = await import('./commands/rollout.js');
      const { mean } = await runtime();
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
      console.log(`${opts.env}: mean return ${mean(reports.map((r) => r.return)).toFixed(2)} over ${reports.length} episodes, ${Math.round(steps / seconds)} steps/s`);
    });

  const backendOption = ['--backend <b>', `tensor backend: ${backendChoices.join(', ')}`, parseChoice('backend', backendChoices), 'auto'] as const;

  cli
    .command('train')
    .description('train GoGePo (or a baseline); Ctrl-C writes a checkpoint, then exits')
    .requiredOption('--env <id>', 'environment id (see `gogepo envs`) (required)')
    .option('--algo <name>', 'algorithm: gogepo, ars, ddpg, udrl, or one a --require module registers', 'gogepo')
    .option('--steps <n>', 'environment-step budget (default: the paper\'s for the environment)', parsePositiveInt('steps'))
    .option('--seed <s>', 'random seed', parseSeed('seed'), 0)
    .option('--out <dir>', 'run directory (default: runs/<env>-<algo>-s<seed>)')
    .option('--config <file>', 'JSON file of config overrides (e.g. {"evalInterval": 5000, "gogepo": {"drive": 0}})')
    .option('--threads <n>', 'threads of each update: GoGePo (default 1; 2 on 2 cores makes updates ~1.5x faster; the last bits of a run depend on it) and DDPG on the native backend (the same bits for any count)', parsePositiveInt('threads'))
    .option(...backendOption)
    .option(...requireOption)
    .option('--force', 'delete the files of an earlier run that --out holds without its config.json', false)
    .action(async (opts: { env: string; algo: string; steps?: number; seed: number; out?: string; config?: string; threads?: number; backend: BackendChoice; require: string[]; force: boolean }) => {
      const modules = await required(opts.require);
      const { algorithmNames } = await runtime();
      if (!algorithmNames().includes(opts.algo)) throw new UsageError(`--algo must be one of ${algorithmNames().join(', ')}, got "${opts.algo}"`);
      const { train } = await import('./commands/train.js');
      await train({ ...opts, require: modules });
    });

  cli
    .command('resume')
    .description('continue a run from its last checkpoint')
    .argument('<dir>', 'run directory')
    .option(...backendOption)
    .option('--force', 'start over when the run has logs but no checkpoint (its logs are deleted)', false)
    .option(...runRequireOption)
    .action(async (dir: string, opts: { backend: BackendChoice; force: boolean; require: string[] }) => {
      await runtime();
      const { resume } = await import('./commands/train.js');
      await resume(dir, opts.backend, { force: opts.force, modules: resolveModules(opts.require) });
    });

  cli
    .command('eval')
    .description("test episodes of a run's current policy, or of a policy file")
    .argument('<target>', 'run directory or policy.json')
    .option('--episodes <n>', 'number of test episodes', parsePositiveInt('episodes'), 10)
    .option('--seed <s>', 'base seed of the test episodes (episode i: a hash of seed and i)', parseSeed('seed'), 1_000_000)
    .option(...backendOption)
    .option(...runRequireOption)
    .action(async (target: string, opts: { episodes: number; seed: number; backend: BackendChoice; require: string[] }) => {
      const modules = await required(opts.require);
      const { evalCommand } = await import('./commands/policy.js');
      await evalCommand(target, { ...opts, modules });
    });

  cli
    .command('generate')
    .description('write the policy that a trained generator makes for a desired return')
    .argument('<dir>', 'run directory')
    .requiredOption('--return <r>', 'the desired return (required)', parseNumber('return'))
    .requiredOption('--out <file>', 'policy file to write (JSON, format gogepo-policy/1); - writes it to stdout (required)')
    .option('--force', 'overwrite --out if it exists', false)
    .option(...backendOption)
    .option(...runRequireOption)
    .action(async (dir: string, opts: { return: number; out: string; force: boolean; backend: BackendChoice; require: string[] }) => {
      await runtime();
      const { generate } = await import('./commands/policy.js');
      await generate(dir, { ...opts, modules: resolveModules(opts.require) });
    });

  cli
    .command('sweep')
    .description('asked vs achieved return over evenly spaced commands (paper fig. 6); writes sweep.csv and sweep.json')
    .argument('<dir>', 'run directory')
    .option('--from <r>', 'first command (default: the environment\'s r_min)', parseNumber('from'))
    .option('--to <r>', 'last command (default: the environment\'s r_max)', parseNumber('to'))
    .option('--n <n>', 'number of commands', parsePositiveInt('n'), 21)
    .option('--episodes <n>', 'test episodes per command', parsePositiveInt('episodes'), 10)
    .option('--seed <s>', 'base seed of the test episodes (episode i: a hash of seed and i; the same for every command)', parseSeed('seed'), 1_000_000)
    .option(...backendOption)
    .option('--force', 'replace an earlier sweep of the run', false)
    .option(...runRequireOption)
    .action(async (dir: string, opts: { from?: number; to?: number; n: number; episodes: number; seed: number; force: boolean; backend: BackendChoice; require: string[] }) => {
      await runtime();
      const { sweep } = await import('./commands/policy.js');
      await sweep(dir, { ...opts, modules: resolveModules(opts.require) });
    });

  cli
    .command('runs')
    .description('list the runs under a folder: algorithm, environment, seed, steps, state, last and final return')
    .argument('[dir]', 'the folder to search (run directories up to 4 levels down)', '.')
    .action(async (dir: string) => {
      await runtime();
      const { listRuns } = await import('./commands/runs.js');
      listRuns(dir);
    });

  cli
    .command('show')
    .description("write one self-contained HTML page of a run (learning curve, GoGePo's diagnostics, commands vs returns, config) and print a summary")
    .argument('<dir>', 'run directory')
    .option('--out <file>', 'the page to write (default: <dir>/show.html)')
    .option('--force', 'replace --out even if it is not a page of gogepo show', false)
    .action(async (dir: string, opts: { out?: string; force: boolean }) => {
      await runtime();
      const { show } = await import('./commands/show.js');
      await show(dir, opts);
    });

  cli
    .command('view')
    .description("watch a run's generator at work in a browser: ask for a return with a slider, and see the policy it writes act (also a policy file)")
    .argument('<target>', 'run directory or policy.json')
    .option('--port <n>', 'port on 127.0.0.1 (0: any free one)', parsePort, 0)
    .option(...backendOption)
    .option(...runRequireOption)
    .action(async (target: string, opts: { port: number; backend: BackendChoice; require: string[] }) => {
      await runtime();
      const { view } = await import('@gogepo/viewer');
      await view(target, { ...opts, modules: resolveModules(opts.require) });
    });

  cli
    .command('render')
    .description("write a video of episodes of a run's generated policy (or a policy file), with the return in a caption; needs Chromium and ffmpeg")
    .argument('<target>', 'run directory or policy.json')
    .requiredOption('--out <file>', 'the video: .mp4, .webm or .gif (required)')
    .option('--return <r>', 'the return to ask the generator for (default: the noise-free best policy\'s)', parseNumber('return'))
    .option('--episodes <n>', 'episodes to film', parsePositiveInt('episodes'), 1)
    .option('--speedup <k>', 'play simulated time k times faster than real time (the caption says so)', parsePositiveInt('speedup'), 1)
    .option('--force', 'overwrite --out if it exists', false)
    .option(...backendOption)
    .option(...runRequireOption)
    .action(async (target: string, opts: { out: string; return?: number; episodes: number; speedup: number; force: boolean; backend: BackendChoice; require: string[] }) => {
      await runtime();
      const { render } = await import('@gogepo/viewer');
      await render(target, { ...opts, modules: resolveModules(opts.require) });
    });

  return cli;
}
