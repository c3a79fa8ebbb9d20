import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@gogepo/nn';
import { resolveRunConfig } from './index.js'; // registers GoGePo
import { bufferLogPath } from './gogepo/buffer-log.js';
import { Run } from './run.js';
import { runPaths } from './run-paths.js';
import { ConfigError } from './errors.js';

/** Fault and bad-input behaviour of run directories (issue "Runs that never lose data"). */
let backend = '';
beforeAll(async () => {
  backend = await initBackend('native');
});

const tiny = { evalInterval: 100, evalEpisodes: 2, gogepo: { policyHidden: [16], headHidden: [8], evaluatorHidden: [8], probingStates: 5, generatorSteps: 2, evaluatorSteps: 1 } };
const config = (steps = 300) => resolveRunConfig({ algo: 'gogepo', env: 'InvertedPendulum-v2', seed: 4 }, { ...tiny, steps });

async function finishedRun(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'gogepo-safety-'));
  const run = await Run.start(dir, config(), backend);
  await run.train();
  run.close();
  return dir;
}

/** Every file below `dir` with its size and content: what "nothing changed" compares. */
function contents(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out[p.slice(dir.length)] = readFileSync(p).toString('base64');
    }
  };
  walk(dir);
  return out;
}

async function expectConfigError(promise: Promise<unknown>, message: RegExp): Promise<void> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).not.toContain('\n');
}

describe('a run directory never loses data', () => {
  it('refuses to start over files of a run that lost its config.json, and deletes them only with force', async () => {
    const dir = await finishedRun();
    rmSync(runPaths(dir).config);
    const before = contents(dir);
    await expectConfigError(Run.start(dir, config(), backend), /holds files of a run \(metrics\.jsonl, episodes\.jsonl, buffer\.f32, summary\.json, checkpoint\/\) but no config\.json; .*--force/);
    expect(contents(dir)).toEqual(before);
    const run = await Run.start(dir, config(), backend, { force: true });
    run.close();
    expect(existsSync(runPaths(dir).summary)).toBe(false);
  });

  it('refuses to resume logs whose checkpoint is gone (it would start over), unless forced', async () => {
    const dir = await finishedRun();
    rmSync(runPaths(dir).manifest);
    const before = contents(dir);
    await expectConfigError(Run.resume(dir, backend), /has logs \(.*\) but no checkpoint\/manifest\.json; .*--force/);
    expect(contents(dir)).toEqual(before);
    const run = await Run.resume(dir, backend, { force: true });
    expect(run.stepsDone).toBe(0);
    run.close();
  });

  it('writes its first checkpoint when it starts, so a run killed before training still resumes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-safety-'));
    (await Run.start(dir, config(), backend)).close(); // as if killed before the first episode
    expect(existsSync(runPaths(dir).manifest)).toBe(true);
    const run = await Run.resume(dir, backend);
    expect(run.stepsDone).toBe(0);
    run.close();
  });

  it('removes what a write killed half-way left behind (name.tmp-PID) when it resumes; a reader leaves them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-safety-'));
    (await Run.start(dir, config(), backend)).close();
    const leftovers = [`${runPaths(dir).manifest}.tmp-4242`, join(dir, 'summary.json.tmp-77')];
    for (const f of leftovers) writeFileSync(f, '{"half":');
    (await Run.resume(dir, backend, { readOnly: true })).close();
    for (const f of leftovers) expect(existsSync(f)).toBe(true);
    (await Run.resume(dir, backend)).close();
    for (const f of leftovers) expect(existsSync(f), f).toBe(false);
  });

  it('finishes a run killed between its last checkpoint and its summary', async () => {
    const dir = await finishedRun();
    const summary = JSON.parse(readFileSync(runPaths(dir).summary, 'utf8'));
    rmSync(runPaths(dir).summary);
    const run = await Run.resume(dir, backend);
    expect(run.finished).toBe(false);
    const result = await run.train();
    run.close();
    expect(result.status).toBe('finished');
    const rewritten = JSON.parse(readFileSync(runPaths(dir).summary, 'utf8'));
    expect({ ...rewritten, wallSeconds: 0 }).toEqual({ ...summary, wallSeconds: 0 });
  });

  it('refuses a log shorter than its checkpoint saw, and leaves it as it was', async () => {
    const dir = await finishedRun();
    const metrics = runPaths(dir).metrics;
    truncateSync(metrics, statSync(metrics).size - 7);
    const before = contents(dir);
    await expectConfigError(Run.resume(dir, backend), /metrics\.jsonl holds \d+ bytes, fewer than the \d+ its checkpoint saw/);
    expect(contents(dir)).toEqual(before);
  });

  it.each([
    ['a truncated manifest', (dir: string) => truncateSync(runPaths(dir).manifest, 40), /manifest\.json is not valid JSON/],
    ['a truncated state file', (dir: string) => {
      const state = readdirSync(runPaths(dir).checkpoint).find((f) => f.startsWith('state-'))!;
      truncateSync(join(runPaths(dir).checkpoint, state), 300);
    }, /state-\d+\.safetensors is not a readable safetensors file: /],
    ['a state file of zeros', (dir: string) => {
      const state = readdirSync(runPaths(dir).checkpoint).find((f) => f.startsWith('state-'))!;
      writeFileSync(join(runPaths(dir).checkpoint, state), Buffer.alloc(64));
    }, /is not a readable safetensors file: /],
    ['a corrupt config.json', (dir: string) => writeFileSync(runPaths(dir).config, '{"version": '), /config\.json is not valid JSON/],
  ])('reports %s in one line, for readers and writers alike', async (_what, damage, message) => {
    const dir = await finishedRun();
    damage(dir);
    const before = contents(dir);
    await expectConfigError(Run.resume(dir, backend), message);
    await expectConfigError(Run.resume(dir, backend, { readOnly: true }), message);
    expect(contents(dir)).toEqual(before);
  });

  it('reads without writing: eval and generate change no file and recreate none', async () => {
    const dir = await finishedRun();
    rmSync(runPaths(dir).episodes);
    rmSync(bufferLogPath(dir));
    const before = contents(dir);
    const run = await Run.resume(dir, backend, { readOnly: true });
    run.evaluateAlgorithm([1, 2]);
    run.conditioned.generate(50);
    run.close();
    expect(contents(dir)).toEqual(before);
  });

  it('reads a run while it trains and checkpoints after every episode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-safety-live-'));
    const cli = fileURLToPath(new URL('../../../apps/cli/dist/main.js', import.meta.url));
    mkdirSync(dir, { recursive: true });
    const overrides = join(dir, '..', `${dir.split('/').pop()}.json`);
    writeFileSync(overrides, JSON.stringify({ ...tiny, checkpointEpisodes: 1 }));
    const trainer = spawn(process.execPath, [cli, 'train', '--env', 'InvertedPendulum-v2', '--steps', '100000000', '--out', join(dir, 'run'), '--config', overrides, '--backend', 'native'], { stdio: 'ignore' });
    try {
      while (!existsSync(runPaths(join(dir, 'run')).manifest)) {
        expect(trainer.exitCode).toBeNull();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      for (let i = 0; i < 8; i++) {
        // a fresh process each time, as a user runs it: it spends a while loading before it reads the state (this failed with ENOENT)
        const evaluated = spawnSync(process.execPath, [cli, 'eval', join(dir, 'run'), '--episodes', '1', '--backend', 'native'], { encoding: 'utf8' });
        expect(evaluated.stderr).toBe('');
        expect(evaluated.status).toBe(0);
      }
      expect(trainer.exitCode).toBeNull(); // still training: the reads raced its checkpoints
    } finally {
      trainer.kill('SIGKILL');
    }
  }, 120_000);
});

describe('run configs', () => {
  it.each([
    [{ env: 'MountainCarContinuous-v0' }, /"env" cannot be overridden \(it is "InvertedPendulum-v2" here; set it with --env\)/],
    [{ seed: 5 }, /"seed" cannot be overridden \(it is 4 here; set it with --seed\)/],
    [{ algo: 'ars' }, /"algo" cannot be overridden/],
    [{ gogepo: 5 }, /"gogepo" must be an object of gogepo's settings, got 5/],
    [{ gogepo: [1] }, /"gogepo" must be an object/],
  ])('refuses %j, which would silently change the run', (overrides, message) => {
    expect(() => resolveRunConfig({ algo: 'gogepo', env: 'InvertedPendulum-v2', seed: 4 }, overrides)).toThrow(message);
  });
});
