import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRedis } from './redis.testkit.js';

/**
 * Queue mode against a real Redis (Debian's redis-server, started here) and
 * real worker processes: the results equal the local pool's, bit for bit
 * (wall times aside), through a Redis restart, a worker killed with SIGKILL
 * and a worker stopped with SIGTERM; bad payloads are refused.
 */
const bench = fileURLToPath(new URL('../../bin/gogepo-bench.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'gogepo-queue-'));
const withoutWallTime = (text: string) => text.replace(/"wallSeconds": ?[\d.e+-]+/g, '');

const suiteFile = (name: string, runs: unknown[]) => {
  const path = join(root, `${name}.json`);
  writeFileSync(path, JSON.stringify({ name, seeds: [0, 1], runs, sweep: { n: 3, episodes: 1 }, policyMap: { bufferPolicies: 10, commands: 3 } }));
  return path;
};
const small = suiteFile('qsmall', [
  { algo: 'ars', env: 'InvertedPendulum-v2', steps: 1000, config: { evalInterval: 500, evalEpisodes: 2 } },
  { algo: 'udrl', env: 'MountainCarContinuous-v0', seeds: [0], steps: 1000, config: { evalInterval: 500, evalEpisodes: 2 } },
]);
const tinyGoGePo = { policyHidden: [16], headHidden: [16], evaluatorHidden: [16], probingStates: 8, generatorSteps: 3, evaluatorSteps: 2 };
const long = suiteFile('qlong', [
  { algo: 'gogepo', env: 'InvertedPendulum-v2', seeds: [3], steps: 2500, config: { evalInterval: 500, evalEpisodes: 2, checkpointEpisodes: 1, gogepo: tinyGoGePo } },
]);

function cli(args: string[], cwd = root): ChildProcess & { output: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>; text(): string } {
  const child = spawn(process.execPath, [bench, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return Object.assign(child, {
    output: new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out }))),
    text: () => out,
  });
}

/** A worker in its own working directory, as on another machine. */
function worker(url: string, out: string, extra: string[] = []) {
  const cwd = mkdtempSync(join(root, 'machine-'));
  return cli(['worker', '--queue', url, '--out', out, '--workers', '1', '--backend', 'native', '--lock-seconds', '5', ...extra], cwd);
}

/** Every file a run writes that must not depend on how it was scheduled. */
function runFiles(benchDir: string): Record<string, string> {
  const runs = join(benchDir, 'runs');
  const files: Record<string, string> = {};
  for (const id of readdirSync(runs).sort()) {
    for (const f of ['episodes.jsonl', 'metrics.jsonl', 'summary.json']) files[`${id}/${f}`] = withoutWallTime(readFileSync(join(runs, id, f), 'utf8'));
  }
  return files;
}

/** Polls until `condition` holds: no limit of its own (a loaded machine may take long); the test's timeout stops a hang. */
const waitFor = async (what: string, condition: () => boolean | Promise<boolean>, seconds = Infinity) => {
  for (let i = 0; i < seconds * 5; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
};

/** The BullMQ queue of a bench folder, once `run --queue` has named it (queue.json). */
async function queueOf(out: string): Promise<Queue> {
  await waitFor('queue.json', () => existsSync(join(out, 'queue.json')));
  const { queue } = JSON.parse(readFileSync(join(out, 'queue.json'), 'utf8')) as { queue: string };
  return new Queue(queue, { connection: { host: '127.0.0.1', port: redis.port, password: redis.password } });
}

let redis: TestRedis;
const local: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  redis = await TestRedis.start();
  for (const [name, suite] of [['small', small], ['long', long]]) {
    const out = join(root, `local-${name}`);
    const r = spawnSync(process.execPath, [bench, 'run', '--suite', suite, '--out', out, '--workers', '2', '--backend', 'native', '--no-report'], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    local[name] = runFiles(out);
  }
}, 300_000);
afterAll(() => redis?.down());

describe('queue mode (BullMQ on a real Redis)', () => {
  it('three workers on one shared bench folder give the local pool\'s results, through a Redis restart; no credential is written anywhere', async () => {
    const out = join(root, 'queued-small');
    const follower = cli(['run', '--suite', small, '--out', out, '--queue', redis.url, '--backend', 'native']);
    await waitFor('suite.json', () => existsSync(join(out, 'suite.json')));
    const workers = [worker(redis.url, out), worker(redis.url, out), worker(redis.url, out)];
    await waitFor('a first finished run', () => existsSync(join(out, 'runs')) && readdirSync(join(out, 'runs')).some((id) => existsSync(join(out, 'runs', id, 'summary.json'))));
    await redis.down();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await redis.up();
    const followed = await follower.output;
    expect(followed.code, followed.out).toBe(0);
    expect(followed.out).toMatch(/3\/3 runs done, 0 failed/);
    expect(runFiles(out)).toEqual(local.small);

    const status = spawnSync(process.execPath, [bench, 'status', '--queue', redis.url, '--out', out], { encoding: 'utf8' });
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/3 runs: 0 waiting, 0 running, 3 done, 0 failed; 3000\/3000 steps/);

    // enqueuing again adds nothing
    const again = spawnSync(process.execPath, [bench, 'run', '--suite', small, '--out', out, '--queue', redis.url, '--no-report'], { encoding: 'utf8' });
    expect(again.stdout).toMatch(/0 runs added/);

    for (const w of workers) w.kill('SIGTERM');
    const ended = await Promise.all(workers.map((w) => w.output));
    for (const e of ended) {
      expect(e.code, e.out).toBe(0);
      expect(e.out).not.toContain(redis.password);
    }
    expect(ended.map((e) => e.out).join('')).toMatch(/Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: .*; retrying/);
    const leaked = spawnSync('grep', ['-rl', redis.password, out]);
    expect(leaked.stdout.toString()).toBe('');
    expect(followed.out).not.toContain(redis.password);
  }, 300_000);

  it('a worker started first waits for the suite; the queue belongs to its bench folder and is reconciled with the disk; Redis losing its data is detected and the runs are queued again', async () => {
    const out = join(root, 'queued-reconciled');
    const early = worker(redis.url, out);
    await waitFor('the worker to say it waits', () => early.text().includes('waiting for'));
    const follower = cli(['run', '--suite', small, '--out', out, '--queue', redis.url, '--backend', 'native', '--no-report']);
    const queue = await queueOf(out);
    // Redis loses everything once the first run is done (a restart without persistence, or a flush)
    await waitFor('a first finished run', () => existsSync(join(out, 'runs')) && readdirSync(join(out, 'runs')).some((id) => existsSync(join(out, 'runs', id, 'summary.json'))));
    const client = new Redis({ host: '127.0.0.1', port: redis.port, password: redis.password });
    await client.flushall();
    const followed = await follower.output;
    expect(followed.code, followed.out).toBe(0);
    expect(followed.out).toMatch(/runs had no job in Redis .*; queued them again/);
    expect(followed.out).toMatch(/3\/3 runs done, 0 failed/);
    expect(followed.out).not.toMatch(/final return undefined/);
    expect(runFiles(out)).toEqual(local.small);

    // the same suite into another folder has its own queue: nothing there is done yet
    const other = join(root, 'queued-reconciled-other');
    const elsewhere = cli(['run', '--suite', small, '--out', other, '--queue', redis.url, '--no-report']);
    await waitFor('the other folder to be enqueued', () => elsewhere.text().includes('runs added'));
    elsewhere.kill('SIGINT');
    const otherFollowed = await elsewhere.output;
    expect(otherFollowed.out).toMatch(/: 3 runs added/);
    expect(otherFollowed.out).not.toMatch(/3\/3 runs done/);
    expect(JSON.parse(readFileSync(join(other, 'queue.json'), 'utf8')).queue).not.toBe(JSON.parse(readFileSync(join(out, 'queue.json'), 'utf8')).queue);

    // a run directory deleted after its job completed is queued again
    rmSync(join(out, 'runs', 'InvertedPendulum-v2-ars-s1'), { recursive: true });
    const again = spawnSync(process.execPath, [bench, 'run', '--suite', small, '--out', out, '--queue', redis.url, '--no-report'], { encoding: 'utf8' });
    expect(again.stdout).toMatch(/1 runs added/);
    expect(again.stdout).toMatch(/3\/3 runs done, 0 failed/);
    expect(runFiles(out)).toEqual(local.small);
    early.kill('SIGTERM');
    const ended = await early.output;
    expect(ended.out).toMatch(/^worker: waiting for .*queued-reconciled to hold a queued suite/);
    await client.quit();
    await queue.close();
  }, 300_000);

  it('a worker stopped with SIGTERM gives its job back after a checkpoint; one killed with SIGKILL loses it to another; the run ends as an uninterrupted one', async () => {
    const out = join(root, 'queued-long');
    const follower = cli(['run', '--suite', long, '--out', out, '--queue', redis.url, '--no-report']);
    const queue = await queueOf(out);
    const runDir = join(out, 'runs', 'InvertedPendulum-v2-gogepo-s3');
    const stepsDone = () => {
      try {
        return readFileSync(join(runDir, 'episodes.jsonl'), 'utf8').trim().split('\n').length;
      } catch {
        return 0;
      }
    };
    try {
      await waitFor('suite.json', () => existsSync(join(out, 'suite.json')));
      const a = worker(redis.url, out);
      await waitFor('some episodes', () => stepsDone() >= 20);
      a.kill('SIGTERM');
      const stoppedA = await a.output;
      expect(stoppedA.code, stoppedA.out).toBe(0);
      expect(stoppedA.out).toMatch(/back to the queue/);
      expect(await (await queue.getJob('InvertedPendulum-v2-gogepo-s3'))!.getState()).toBe('waiting');

      const b = worker(redis.url, out);
      const episodesBefore = stepsDone();
      await waitFor('more episodes', () => stepsDone() >= episodesBefore + 20);
      process.kill(-b.pid!, 'SIGKILL'); // the machine is lost: the worker and its run's process
      await b.output;
      const c = worker(redis.url, out);
      const followed = await follower.output;
      expect(followed.code, followed.out).toBe(0);
      expect(runFiles(out)).toEqual(local.long);
      c.kill('SIGTERM');
      expect((await c.output).out).toMatch(/start {3}InvertedPendulum-v2-gogepo-s3/);
    } finally {
      await queue.close();
    }
  }, 300_000);

  it('refuses, once and with a clear error, every job that is not exactly a run of the stored suite, and every module the worker was not started with', async () => {
    const out = join(root, 'queued-bad');
    mkdirSync(out, { recursive: true });
    const suite = { ...JSON.parse(readFileSync(small, 'utf8')), name: 'qsmall-bad', seeds: [0, 1, 2] };
    writeFileSync(join(out, 'suite.json'), JSON.stringify(suite));
    const evil = join(root, 'evil.mjs');
    const marker = join(root, 'evil-was-loaded');
    writeFileSync(evil, `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, 'yes');\n`);
    const [ars, udrl] = suite.runs;
    const job = (group: typeof ars, seed: number, extra: Record<string, unknown> = {}) => ({ suite: { ...suite, seeds: [seed], runs: [{ ...group, seeds: [seed]}], ...extra } });
    // a run directory that a job may find already there, whose config.json names the module
    const tampered = join(out, 'runs', 'MountainCarContinuous-v0-udrl-s0');
    mkdirSync(tampered, { recursive: true });
    writeFileSync(join(tampered, 'config.json'), JSON.stringify({ config: { require: [evil] } }));
    writeFileSync(join(out, 'queue.json'), JSON.stringify({ queue: 'gogepo-bench.qsmall-bad.00000000000000aa' }));
    const queue = await queueOf(out);
    const bad = {
      'InvertedPendulum-v2-ars-s0': job(ars, 0, { require: [evil] }),
      'InvertedPendulum-v2-ars-s1': job({ ...ars, config: { ...ars.config, require: [evil] } }, 1),
      'InvertedPendulum-v2-ars-s2': job({ ...ars, steps: 3000 }, 2),
      'InvertedPendulum-v2-ars-s7': job(ars, 7),
      'not-a-run': job(ars, 0),
      'extra-field': { ...job(ars, 0), command: 'sh -c evil' },
      'MountainCarContinuous-v0-udrl-s0': job(udrl, 0),
    };
    try {
      for (const [id, data] of Object.entries(bad)) await queue.add(id, data, { jobId: id });
      const w = worker(redis.url, out);
      await waitFor('seven failed jobs', async () => (await queue.getFailedCount()) === 7);
      w.kill('SIGTERM');
      await w.output;
      const reasons = Object.fromEntries(await Promise.all(Object.keys(bad).map(async (id) => {
        const job = (await queue.getJob(id))!;
        return [id, { reason: job.failedReason, attempts: job.attemptsMade }];
      })));
      const stored = join(out, 'suite.json');
      expect(reasons['InvertedPendulum-v2-ars-s0'].reason).toBe(`job InvertedPendulum-v2-ars-s0: the payload differs from run InvertedPendulum-v2-ars-s0 of ${stored} at suite.require[0]`);
      expect(reasons['InvertedPendulum-v2-ars-s1'].reason).toBe(`job InvertedPendulum-v2-ars-s1: the payload differs from run InvertedPendulum-v2-ars-s1 of ${stored} at suite.runs[0].config.require`);
      expect(reasons['InvertedPendulum-v2-ars-s2'].reason).toBe(`job InvertedPendulum-v2-ars-s2: the payload differs from run InvertedPendulum-v2-ars-s2 of ${stored} at suite.runs[0].steps`);
      expect(reasons['InvertedPendulum-v2-ars-s7'].reason).toBe(`job InvertedPendulum-v2-ars-s7: no run of that id in suite qsmall-bad (${stored})`);
      expect(reasons['not-a-run'].reason).toBe(`job not-a-run: no run of that id in suite qsmall-bad (${stored})`);
      expect(reasons['extra-field'].reason).toMatch(/^job extra-field: bad payload: .*command/);
      expect(reasons['MountainCarContinuous-v0-udrl-s0'].reason).toBe(`${join(tampered, 'config.json')} names module ${evil}, which was not named with --require (a file never loads code on its own): add --require ${evil} if you trust it`);
      for (const r of Object.values(reasons) as { attempts: number }[]) expect(r.attempts).toBe(1);
      expect(existsSync(marker)).toBe(false);
      expect(readdirSync(join(out, 'runs'))).toEqual(['MountainCarContinuous-v0-udrl-s0']);
    } finally {
      await queue.close();
    }
  }, 120_000);

  it('writes a Slurm job array whose tasks, run one by one, give the local pool\'s results', () => {
    const out = join(root, 'slurm-small');
    const made = spawnSync(process.execPath, [bench, 'slurm', '--suite', small, '--out', out, '--backend', 'native', '--sbatch=--partition=cpu', '--sbatch=--mem=2G'], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const script = join(out, 'slurm', 'qsmall.sbatch');
    const text = readFileSync(script, 'utf8');
    expect(text).toMatch(/^#SBATCH --array=0,1,2$/m);
    expect(text).toMatch(/^#SBATCH --requeue$/m);
    expect(text).toMatch(/^#SBATCH --partition=cpu$/m);
    expect(text.match(/^#SBATCH --mem=.*$/gm)).toEqual(['#SBATCH --mem=2G']);
    expect(spawnSync('bash', ['-n', script]).status).toBe(0);
    for (const index of [0, 1, 2]) {
      const task = spawnSync('bash', [script], { encoding: 'utf8', env: { ...process.env, SLURM_ARRAY_TASK_ID: String(index) } });
      expect(task.status, task.stdout + task.stderr).toBe(0);
    }
    expect(runFiles(out)).toEqual(local.small);
    const again = spawnSync(process.execPath, [bench, 'slurm', '--suite', small, '--out', out], { encoding: 'utf8' });
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/every selected run is done already/);
  }, 300_000);
});
