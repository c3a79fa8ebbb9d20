import { ConfigError } from '@gogepo/core';
import type { BackendChoice } from '@gogepo/nn';
import { planSuite, runState } from './plan.js';
import { failureLine } from './progress.js';
import { runInWorkerProcess } from './run-process.js';
import type { RunProgress } from './scheduler.js';
import { storedSuite } from './queue/stored-suite.js';
import { stopOnSignals } from './stop-signal.js';
import { loadSuiteModules } from './suite.js';

/**
 * `task --index i`: trains (or resumes) and analyses run i of the bench
 * directory's suite, as one worker of the local pool would; what a Slurm
 * array task runs. Exit code 0: done; 130: stopped with a checkpoint; 1: failed.
 */
export async function runTask(opts: { out: string; index: number; backend: BackendChoice; modules: readonly string[] }): Promise<void> {
  const suite = storedSuite(opts.out);
  await loadSuiteModules(suite, opts.modules);
  const runs = planSuite(suite, opts.out);
  const run = runs[opts.index];
  if (!run) throw new ConfigError(`--index: ${opts.index} is not a run of suite ${suite.name} (it has runs 0 to ${runs.length - 1})`);
  if (runState(run) === 'done') {
    console.log(`done    ${run.id} (already)`);
    return;
  }
  const stop = stopOnSignals(`stopping ${run.id}: it writes a checkpoint`);
  let stopping = false;
  stop.signal.then(() => (stopping = true));
  const p: RunProgress = { run, status: 'pending', steps: 0, budget: run.config.steps, stepsAtStart: 0 };
  try {
    console.log(`start   ${run.id} (run ${opts.index} of suite ${suite.name})`);
    await runInWorkerProcess({ dir: run.dir, config: run.config, backend: opts.backend, analysis: suite, modules: opts.modules }, p, {
      changed: () => {},
      started: (child) => void stop.signal.then(() => child.kill('SIGINT')),
      stopping: () => stopping,
    });
  } finally {
    stop.dispose();
  }
  if (p.status === 'done') console.log(`done    ${run.id}: final return ${p.finalReturn?.toFixed(1)}`);
  else if (p.status === 'stopped') {
    console.log(`stopped ${run.id} at ${p.steps} steps (resumes when the task runs again)`);
    process.exitCode = 130;
  } else {
    console.log(failureLine(run, p.error ?? 'failed'));
    process.exitCode = 1;
  }
}
