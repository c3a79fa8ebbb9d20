import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { ConfigError, parseChoice, parsePositiveInt, resolveModules, TOOL_VERSION, ToolCommand } from '@gogepo/core/cli';
import { backendChoices, type BackendChoice } from '@gogepo/nn/backend-choices';
import { parseQueueUrl } from './queue/url.js';
import { builtInSuiteNames } from './suite-names.js';

/**
 * The bench's command line. Only commander and light modules are loaded up
 * front (--help, --version and usage errors answer at once); a command loads
 * what it runs on (actions.ts, the queue, the report) when it runs.
 */
const actions = () => import('./actions.js');

const positiveInt = parsePositiveInt;
const nonNegativeInt = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`--${name} must be a whole number >= 0, got "${value}"`);
  return Number(value);
};
/**
 * --queue URL, or --queue alone with the URL in GOGEPO_QUEUE_URL (where `ps`
 * does not show its password). A bad URL is a one-line error that never
 * repeats it (commander's own message would): see redactUrl.
 */
const queueUrl = (value: string) => parseQueueUrl(value);
const QUEUE_URL_VARIABLE = 'GOGEPO_QUEUE_URL';
function queueUrlOf(option: string | true | undefined, required: boolean): string | undefined {
  if (typeof option === 'string') return option;
  if (option === undefined && !required) return undefined;
  const fromEnvironment = process.env[QUEUE_URL_VARIABLE];
  if (!fromEnvironment) throw new ConfigError(`--queue: give the Redis URL, or set ${QUEUE_URL_VARIABLE} (which keeps its password off the command line)`);
  return parseQueueUrl(fromEnvironment);
}
const queueHelp = `the Redis: redis://[:password@]host:port (rediss:// for TLS); --queue alone takes it from ${QUEUE_URL_VARIABLE}, which keeps the password out of \`ps\``;
const backend = parseChoice('backend', backendChoices);

const defaultOut = (suiteName: string) => join('bench', suiteName);

const onlyList = (value: string): string[] => {
  const filters = value.split(',').map((f) => f.trim()).filter((f) => f.length > 0);
  if (filters.length === 0) throw new InvalidArgumentError(`--only needs at least one label, algorithm, environment or run id, got "${value}"`);
  return filters;
};


/** --require: the modules the operator names; a suite, a queue job or a run folder may load only these. */
const collect = (value: string, previous: string[]) => [...previous, value];
const requireOption = ['--require <module>', "a module (your own environments or algorithms) that the suite names (repeatable); a suite file, a queue job or a run folder never loads code on its own", collect, [] as string[]] as const;

export function program(): Command {
  const cli = new ToolCommand('gogepo-bench')
    .description('Run a suite of (algorithm x environment x seed) in parallel, then report the paper\'s comparison')
    .version(TOOL_VERSION, '-V, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

  cli
    .command('run', { isDefault: true })
    .description('run a suite (skips finished runs, resumes started ones), then write its report')
    .option('--suite <name|file>', `a built-in suite (${builtInSuiteNames().join(', ')}) or a suite JSON file`, 'quick')
    .option('--out <dir>', 'the bench directory (default: bench/<suite name>)')
    .option('--workers <n>', 'parallel worker processes', positiveInt('workers'), availableParallelism())
    .option('--backend <name>', `tensor backend: ${backendChoices.join(', ')}`, backend, 'auto' as BackendChoice)
    .option('--only <filters>', 'run only these runs: comma-separated labels, algorithms, environments or run ids (a run is kept when it matches any of them; e.g. ddpg,udrl)', onlyList)
    .option('--no-report', 'do not write the report at the end')
    .option('--queue [url]', `enqueue the runs for \`gogepo-bench worker\`s on any number of machines, and follow them; ${queueHelp}`, queueUrl)
    .option('--retry-failed', 'with --queue: put failed runs back in the queue')
    .option(...requireOption)
    .action(async (opts: Omit<import('./actions.js').RunOptions, 'queue'> & { queue?: string | true }) => (await actions()).run({ ...opts, queue: queueUrlOf(opts.queue, false) }));

  cli
    .command('worker')
    .description('take runs from the queue of a bench directory (shared with the other machines) and train them, until Ctrl-C or SIGTERM')
    .option('--queue [url]', `the Redis that \`run --queue\` used; ${queueHelp} (also when --queue is left out)`, queueUrl)
    .requiredOption('--out <dir>', 'the bench directory, on a file system all workers share')
    .option('--workers <n>', 'runs at once on this machine', positiveInt('workers'), availableParallelism())
    .option('--backend <name>', `tensor backend: ${backendChoices.join(', ')}`, backend, 'auto' as BackendChoice)
    .option(...requireOption)
    .option('--lock-seconds <n>', 'a job whose worker stops answering (killed, machine lost) is taken again after this long', positiveInt('lock-seconds'), 30)
    .action(async (opts: { queue?: string | true; out: string; workers: number; backend: BackendChoice; require: string[]; lockSeconds: number }) => {
      const { queueWorker } = await import('./queue/commands.js');
      await queueWorker({ ...opts, queue: queueUrlOf(opts.queue, true)!, require: resolveModules(opts.require) });
    });

  cli
    .command('status')
    .description('the runs of a queued suite: waiting, running (on which machine), done, failed; steps and ETA')
    .option('--queue [url]', `the Redis that \`run --queue\` used; ${queueHelp} (also when --queue is left out)`, queueUrl)
    .option('--out <dir>', 'the bench directory', defaultOut('quick'))
    .option(...requireOption)
    .action(async (opts: { queue?: string | true; out: string; require: string[] }) => {
      const { queueStatus } = await import('./queue/commands.js');
      await queueStatus({ ...opts, queue: queueUrlOf(opts.queue, true)!, require: resolveModules(opts.require) });
    });

  cli
    .command('slurm')
    .description('write a Slurm job array (an sbatch script) whose task i trains run i of the suite; submit it with sbatch')
    .option('--suite <name|file>', 'a built-in suite or a suite JSON file', 'quick')
    .option('--out <dir>', 'the bench directory, on a file system the nodes share (default: bench/<suite name>)')
    .option('--only <filters>', 'only these runs (as for run)', onlyList)
    .option('--backend <name>', `tensor backend: ${backendChoices.join(', ')}`, backend, 'auto' as BackendChoice)
    .option('--sbatch <option...>', 'sbatch options for every task, e.g. --sbatch=--partition=cpu --sbatch=--time=24:00:00', [])
    .option('--force', 'replace an existing script that differs')
    .option(...requireOption)
    .action(async (opts: { suite: string; out?: string; only?: string[]; backend: BackendChoice; sbatch: string[]; force?: boolean; require: string[] }) => (await actions()).slurm(opts));

  cli
    .command('task')
    .description('train (or resume) and analyse run <index> of a bench directory\'s suite: what a Slurm array task runs')
    .requiredOption('--out <dir>', 'the bench directory')
    .requiredOption('--index <i>', 'the run\'s index in the plan (0 = the first)', nonNegativeInt('index'))
    .option('--backend <name>', `tensor backend: ${backendChoices.join(', ')}`, backend, 'auto' as BackendChoice)
    .option(...requireOption)
    .action(async (opts: { out: string; index: number; backend: BackendChoice; require: string[] }) => {
      const { runTask } = await import('./task.js');
      await runTask({ ...opts, modules: resolveModules(opts.require) });
    });

  cli
    .command('report')
    .description('write the report of a bench directory (table 1, curves, command sweep, policy map) as Markdown, CSV, SVG and HTML')
    .argument('[dir]', 'the bench directory', defaultOut('quick'))
    .option('--out <dir>', 'where to write the report (default: <dir>/report)')
    .option('--no-videos', "do not film each environment's best GoGePo seed (a GIF, made with Chromium and ffmpeg)")
    .option(...requireOption)
    .action(async (dir: string, opts: { out?: string; videos?: boolean; require: string[] }) => (await actions()).report(dir, opts));

  cli
    .command('plan')
    .description('list the runs of a suite and their state, without running anything')
    .option('--suite <name|file>', 'a built-in suite or a suite JSON file', 'quick')
    .option('--out <dir>', 'the bench directory (default: bench/<suite name>)')
    .option('--only <filters>', 'list only these runs (as for run)', onlyList)
    .option(...requireOption)
    .action(async (opts: { suite: string; out?: string; only?: string[]; require: string[] }) => (await actions()).plan(opts));
  return cli;
}

