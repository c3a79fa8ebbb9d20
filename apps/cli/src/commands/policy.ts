import { existsSync, statSync } from 'node:fs';
import { make } from '@gogepo/envs';
import { checkPolicyFits, checkPolicyOut, commandSweep, ConfigError, evaluatePolicy, mean, PolicyRunner, populationStd, readPolicyFile, Run, runPaths, sweepCsv, writeFileAtomic, writeJsonAtomic, writePolicyFile, writeSweepFile, type PolicyFile } from '@gogepo/core';
import { initBackend, type BackendChoice } from '@gogepo/nn';
import { episodeSeeds } from '@gogepo/random';
import { join } from 'node:path';
import { printedCommand } from '@gogepo/core/cli';


/** A trained run, read only; `modules`: those the operator named (--require), which the run's recorded ones must be among. */
async function openTrained(dir: string, backend: BackendChoice, modules: readonly string[]): Promise<Run> {
  return Run.resume(dir, await initBackend(backend), { readOnly: true, modules });
}

/** `gogepo eval DIR|policy.json`: test episodes of a run's current policy or of a policy file. */
export async function evalCommand(target: string, opts: { episodes: number; seed: number; backend: BackendChoice; modules: readonly string[] }): Promise<void> {
  const seeds = episodeSeeds(opts.seed, opts.episodes);
  let returns: number[];
  let what: string;
  if (existsSync(target) && statSync(target).isDirectory()) {
    const run = await openTrained(target, opts.backend, opts.modules);
    try {
      returns = run.evaluateAlgorithm(seeds);
      what = `${run.config.env}, ${target} (the ${run.config.algo} evaluation policy)`;
    } finally {
      run.close();
    }
  } else {
    const { file, layout, theta, normaliser } = readPolicyFile(target);
    const env = await make(file.env);
    try {
      checkPolicyFits(target, layout, env);
      const runner = new PolicyRunner(layout, Float64Array.from(file.actionHigh), { native: false }); // a policy file runs in float64 JS, as on the viewer's page
      returns = evaluatePolicy(env, { runner, theta, normaliser }, seeds);
      what = `${file.env}, ${target}`;
    } finally {
      env.close();
    }
  }
  returns.forEach((r, i) => console.log(`episode ${i} (seed ${seeds[i]}): return ${r.toFixed(2)}`));
  console.log(`${what}: mean return ${mean(returns).toFixed(2)} ± ${populationStd(returns).toFixed(2)} over ${returns.length} episodes`);
}

/** `gogepo generate DIR --return R --out FILE`: the trained generator writes a policy for return R. */
export async function generate(dir: string, opts: { return: number; out: string; force?: boolean; backend: BackendChoice; modules: readonly string[] }): Promise<void> {
  if (opts.out !== '-') checkPolicyOut(opts.out, opts); // before the seconds of loading the run
  const run = await openTrained(dir, opts.backend, opts.modules);
  try {
    const conditioned = run.conditioned;
    const { from, to } = conditioned.commandRange;
    if (opts.return < from || opts.return > to) {
      // still written: asking outside the range is allowed, but the user should know it is an extrapolation
      console.error(`note: return ${opts.return} is outside [${from}, ${to}], the range this run's generator learned commands on (its best training return: ${conditioned.evaluationCommand().toFixed(1)}); the policy is an extrapolation`);
    }
    const theta = conditioned.generate(opts.return);
    const layout = run.policyLayout;
    const statistics = run.observationNormaliser.applied();
    const policy: PolicyFile = {
      format: 'gogepo-policy/1',
      env: run.config.env,
      layout: { observationSize: layout.observationSize, actionSize: layout.actionSize, hidden: [...layout.hidden], hiddenActivation: layout.hiddenActivation },
      actionHigh: Array.from(run.evaluationEnv.actionSpace.high),
      observationMean: Array.from(statistics.mean),
      observationStd: Array.from(statistics.std),
      theta: Array.from(theta),
      provenance: { command: opts.return, run: dir, seed: run.config.seed },
    };
    if (opts.out === '-') {
      process.stdout.write(JSON.stringify(policy) + '\n'); // the policy alone on stdout, for a pipe
      return;
    }
    writePolicyFile(opts.out, policy, { force: opts.force });
    console.log(`wrote ${opts.out}: a ${run.config.env} policy generated for return ${opts.return} (run it with: ${printedCommand('gogepo', ['eval', opts.out])})`);
  } finally {
    run.close();
  }
}

/** `gogepo sweep DIR`: paper fig. 6, asked vs achieved return, written as CSV and JSON in DIR. */
export async function sweep(
  dir: string,
  opts: { from?: number; to?: number; n: number; episodes: number; seed: number; force?: boolean; backend: BackendChoice; modules: readonly string[] },
): Promise<void> {
  if (opts.n < 2) throw new ConfigError(`--n must be at least 2 (a sweep runs from --from to --to), got ${opts.n}`);
  if (opts.from !== undefined && opts.to !== undefined && opts.from > opts.to) throw new ConfigError(`--from (${opts.from}) must not be greater than --to (${opts.to})`);
  const earlier = ['sweep.csv', 'sweep.json'].filter((f) => existsSync(join(dir, f)));
  if (earlier.length > 0 && !opts.force) throw new ConfigError(`${dir} already holds a sweep (${earlier.join(', ')}); pass --force to replace it`);
  const run = await openTrained(dir, opts.backend, opts.modules);
  try {
    const rows = commandSweep(run, opts, (r) =>
      console.log(`asked ${r.asked.toFixed(1).padStart(8)}  achieved ${r.achieved.toFixed(1).padStart(8)} ± ${r.std.toFixed(1)}`),
    );
    const paths = runPaths(dir);
    writeFileAtomic(join(paths.dir, 'sweep.csv'), sweepCsv(rows));
    writeSweepFile(paths.dir, { env: run.config.env, episodes: opts.episodes, rows });
    console.log(`wrote ${join(dir, 'sweep.csv')} and ${join(dir, 'sweep.json')}`);
  } finally {
    run.close();
  }
}
