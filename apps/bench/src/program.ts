import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { parseChoice, parsePositiveInt, TOOL_VERSION } from '@gogepo/core';
import { backendChoices, type BackendChoice } from '@gogepo/nn';
import { planSuite, runState, selectRuns } from './plan.js';
import { BenchProgress, failureLine } from './progress.js';
import { writeReport } from './report/report.js';
import { runSuite } from './scheduler.js';
import { builtInSuiteNames, loadSuite, loadSuiteModules } from './suite.js';

const positiveInt = parsePositiveInt;
const backend = parseChoice('backend', backendChoices);

const defaultOut = (suiteName: string) => join('bench', suiteName);

const onlyList = (value: string): string[] => {
  const filters = value.split(',').map((f) => f.trim()).filter((f) => f.length > 0);
  if (filters.length === 0) throw new InvalidArgumentError(`--only needs at least one label, algorithm, environment or run id, got "${value}"`);
  return filters;
};

async function run(opts: { suite: string; out?: string; workers: number; backend: BackendChoice; report: boolean; only?: string[] }): Promise<void> {
  const suite = loadSuite(opts.suite);
  await loadSuiteModules(suite);
  const out = opts.out ?? defaultOut(suite.name);
  const planned = selectRuns(planSuite(suite, out), opts.only);
  const done = planned.filter((r) => runState(r) === 'done').length;
  const selection = opts.only ? ` (--only ${opts.only.join(',')})` : '';
  console.log(`suite ${suite.name}${selection}: ${planned.length} runs (${done} already done) in ${out}, ${opts.workers} worker processes, backend ${opts.backend}`);

  let stop!: () => void;
  const stopSignal = new Promise<void>((resolve) => (stop = resolve));
  let stopping = false;
  const onSignal = () => {
    if (stopping) process.exit(130); // a second Ctrl-C: every run keeps its last checkpoint
    stopping = true;
    process.stderr.write('\nstopping: the running runs write a checkpoint (Ctrl-C again to quit at once)\n');
    stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const progress = new BenchProgress(opts.workers);
  try {
    const result = await runSuite(suite, out, { workers: opts.workers, backend: opts.backend, observer: progress, stopSignal, only: opts.only });
    progress.stop();
    const failed = result.runs.filter((r) => r.status === 'failed');
    const finished = result.runs.filter((r) => r.status === 'done').length;
    console.log(`${finished}/${result.runs.length} runs done, ${failed.length} failed`);
    for (const f of failed) console.log(failureLine(f.run, f.error ?? 'failed'));
    if (result.stopped) {
      console.log(`stopped; run the same command again to resume`);
      process.exitCode = 130;
      return;
    }
    if (opts.report) await report(out, {});
    if (failed.length > 0) process.exitCode = 1;
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function report(dir: string, opts: { out?: string }): Promise<void> {
  const r = await writeReport(dir, opts.out);
  console.log(`report: ${r.runs.finished}/${r.runs.planned} runs finished; ${r.figures.length} figures`);
  for (const row of r.table) {
    const text = row.mean === undefined ? '-' : `${row.mean.toFixed(1)} ± ${(row.std ?? 0).toFixed(1)}`;
    console.log(`  ${row.env.padEnd(26)} ${row.label.padEnd(10)} final return ${text.padEnd(16)} (${row.finished}/${row.planned} seeds)${row.paper ? `  paper ${row.paper.mean} ± ${row.paper.std}` : ''}`);
  }
  console.log(`wrote ${join(r.dir, 'index.html')} (open it in a browser) and ${join(r.dir, 'report.md')}`);
}

export function program(): Command {
  const cli = new Command('gogepo-bench')
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
    .action(run);

  cli
    .command('report')
    .description('write the report of a bench directory (table 1, curves, command sweep, policy map) as Markdown, CSV, SVG and HTML')
    .argument('[dir]', 'the bench directory', defaultOut('quick'))
    .option('--out <dir>', 'where to write the report (default: <dir>/report)')
    .action(report);

  cli
    .command('plan')
    .description('list the runs of a suite and their state, without running anything')
    .option('--suite <name|file>', 'a built-in suite or a suite JSON file', 'quick')
    .option('--out <dir>', 'the bench directory (default: bench/<suite name>)')
    .option('--only <filters>', 'list only these runs (as for run)', onlyList)
    .action(async (opts: { suite: string; out?: string; only?: string[] }) => {
      const suite = loadSuite(opts.suite);
      await loadSuiteModules(suite);
      const out = opts.out ?? defaultOut(suite.name);
      const runs = selectRuns(planSuite(suite, out), opts.only);
      for (const r of runs) console.log(`${runState(r).padEnd(8)} ${r.id.padEnd(40)} ${r.config.steps} steps`);
      console.log(`${runs.length} runs; ${runs.reduce((s, r) => s + r.config.steps, 0)} environment steps in all`);
    });
  return cli;
}

