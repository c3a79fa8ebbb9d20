import { readFileSync } from 'node:fs';
import { algorithmDefinition, algorithmNames, ConfigError, loadRunModules, oneLine, Run, resolveRunConfig, runPaths } from '@gogepo/core';
import { backendFallbacks, initBackend, type BackendChoice } from '@gogepo/nn';
import { ProgressReporter } from '../progress.js';
import { printedCommand } from '@gogepo/core/cli';

export interface TrainOptions {
  algo: string;
  env: string;
  seed: number;
  steps?: number;
  out?: string;
  config?: string;
  threads?: number;
  backend: BackendChoice;
  /** Absolute paths of the modules loaded for this run (recorded in its config). */
  require?: string[];
  /** Delete the files of an earlier run that --out holds without its config.json. */
  force?: boolean;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`--config: cannot read ${path}`);
  }
  try {
    const value = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`--config: ${path} is not a JSON object (${oneLine((error as Error).message)})`);
  }
}

/** `gogepo train`: a new run directory, trained until its budget is spent or Ctrl-C. */
export async function train(opts: TrainOptions): Promise<void> {
  const overrides = opts.config ? readConfigFile(opts.config) : {};
  if (opts.steps !== undefined) overrides.steps = opts.steps;
  if (opts.threads !== undefined) {
    const key = algorithmDefinition(opts.algo).threadsOption;
    if (!key) throw new ConfigError(`--threads: ${opts.algo}'s updates do not use threads (${algorithmNames().filter((n) => algorithmDefinition(n).threadsOption).join(' and ')}'s do)`);
    const section = overrides[opts.algo] ?? {};
    // a section that is not an object stays as it is, for resolveRunConfig to name it
    if (typeof section === 'object' && section !== null && !Array.isArray(section)) overrides[opts.algo] = { ...section, [key]: opts.threads };
  }
  const config = resolveRunConfig({ algo: opts.algo, env: opts.env, seed: opts.seed, require: opts.require }, overrides);
  const dir = opts.out ?? `runs/${opts.env}-${opts.algo}-s${opts.seed}`;
  const backend = await initBackend(opts.backend);
  console.log(`backend: ${backend}${backendFallbacks().length > 0 ? ` (passed over: ${backendFallbacks().join('; ')})` : ''}`);
  const run = await Run.start(dir, config, backend, { force: opts.force });
  console.log(`run directory: ${dir} (${config.algo} on ${config.env}, seed ${config.seed}, ${config.steps} steps)`);
  await drive(run);
}

/** `gogepo resume DIR`: continues a run from its last checkpoint. */
export async function resume(dir: string, backendChoice: BackendChoice, options: { force?: boolean; modules: readonly string[] }): Promise<void> {
  await loadRunModules(dir, options.modules);
  const stored = Run.readConfig(dir);
  const backend = await initBackend(backendChoice);
  console.log(`backend: ${backend}${backend !== stored.backend ? ` (the run started on ${stored.backend}; results may differ slightly)` : ''}`);
  const run = await Run.resume(dir, backend, { force: options.force, modules: options.modules });
  if (run.finished) {
    console.log(`${dir} is already finished; see ${runPaths(dir).summary}`);
    run.close();
    return;
  }
  await drive(run);
}

/** Trains with progress; Ctrl-C (SIGINT) or SIGTERM writes a checkpoint, then exits. */
async function drive(run: Run): Promise<void> {
  let stopRequested = false;
  const onSignal = () => {
    if (stopRequested) process.exit(130); // a second Ctrl-C: the last checkpoint stays valid
    stopRequested = true;
    process.stderr.write('\nstopping after this episode: writing a checkpoint (Ctrl-C again to quit at once)\n');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const reporter = new ProgressReporter(`${run.config.algo}/${run.config.env}`);
  try {
    const result = await run.train({
      onProgress: (p) => reporter.progress(p),
      onEvaluation: (e) => reporter.evaluation(e),
      shouldStop: () => stopRequested,
    });
    reporter.stop();
    if (result.status === 'stopped') {
      console.log(`stopped; checkpoint written. Continue with: ${printedCommand('gogepo', ['resume', run.dir])}`);
      process.exitCode = 130;
    } else {
      const s = result.summary!;
      const returns = s.evaluations === 0
        ? `no evaluation (the budget ended before the first, at ${run.config.evalInterval} steps)`
        : `final return (mean of the last ${Math.min(20, s.evaluations)} evaluations) ${s.finalReturn.toFixed(1)}; last evaluation ${s.lastEvaluation.toFixed(1)}`;
      console.log(`finished: ${s.steps} steps, ${s.episodes} episodes, ${(s.wallSeconds / 60).toFixed(1)} min; ${returns}`);
    }
  } finally {
    reporter.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    run.close();
  }
}
