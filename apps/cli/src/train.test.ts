import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { interruptAfterEpisodes } from './interrupt.testkit.js';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const gogepo = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });

function tinyConfig(dir: string, extra: Record<string, unknown> = {}): string {
  const path = join(dir, 'tiny.json');
  const gogepoOverrides = { policyHidden: [16, 16], headHidden: [16], evaluatorHidden: [16], probingStates: 10, generatorSteps: 2, evaluatorSteps: 2 };
  writeFileSync(path, JSON.stringify({ evalInterval: 100, evalEpisodes: 2, ...extra, gogepo: gogepoOverrides }));
  return path;
}

describe('gogepo train / eval / generate / sweep', () => {
  it('trains a run directory, then evaluates it, generates a policy file that runs, and sweeps commands', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-cli-'));
    const out = join(dir, 'run');
    const trained = gogepo('train', '--env', 'InvertedPendulum-v2', '--steps', '300', '--seed', '1', '--out', out, '--config', tinyConfig(dir), '--backend', 'wasm');
    expect(trained.status).toBe(0);
    expect(trained.stdout).toContain('backend: wasm');
    expect(trained.stdout).toMatch(/finished: \d+ steps, \d+ episodes/);
    for (const f of ['config.json', 'metrics.jsonl', 'episodes.jsonl', 'buffer.f32', 'summary.json', 'checkpoint/manifest.json']) {
      expect(existsSync(join(out, f))).toBe(true);
    }
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).backend).toBe('wasm');

    const evaluated = gogepo('eval', out, '--episodes', '2', '--backend', 'wasm');
    expect(evaluated.status).toBe(0);
    expect(evaluated.stdout).toMatch(/mean return [\d.]+ ± [\d.]+ over 2 episodes/);

    const policy = join(dir, 'policy.json');
    const generated = gogepo('generate', out, '--return', '800', '--out', policy, '--backend', 'wasm');
    expect(generated.status).toBe(0);
    expect(generated.stderr).toBe(''); // 800 is inside InvertedPendulum's [0, 1000]
    const far = gogepo('generate', out, '--return', '1e9', '--out', join(dir, 'far.json'), '--backend', 'wasm');
    expect(far.status).toBe(0);
    expect(far.stderr).toMatch(/^note: return 1000000000 is outside \[0, 1000\], the range this run's generator learned commands on \(its best training return: [\d.]+\); the policy is an extrapolation\n$/);
    const file = JSON.parse(readFileSync(policy, 'utf8'));
    expect(file.format).toBe('gogepo-policy/1');
    expect(file.theta.length).toBe(4 * 16 + 16 + 16 * 16 + 16 + 16 + 1);
    expect(file.provenance.command).toBe(800);
    const piped = gogepo('generate', out, '--return', '800', '--out', '-', '--backend', 'wasm');
    expect(piped.status).toBe(0);
    expect(JSON.parse(piped.stdout)).toEqual(file); // --out - writes the same policy to stdout, and nothing else
    const fromFile = gogepo('eval', policy, '--episodes', '2');
    expect(fromFile.status).toBe(0);
    expect(fromFile.stdout).toContain('InvertedPendulum-v2');

    const swept = gogepo('sweep', out, '--n', '3', '--episodes', '1', '--backend', 'wasm');
    expect(swept.status).toBe(0);
    const csv = readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('asked,achieved,std');
    expect(csv.slice(1).map((l) => Number(l.split(',')[0]))).toEqual([0, 500, 1000]);
  });

  it('Ctrl-C writes a checkpoint and exits; resume finishes the run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-cli-'));
    const out = join(dir, 'run');
    const { code, stdout } = await interruptAfterEpisodes(
      main, ['train', '--env', 'MountainCarContinuous-v0', '--steps', '20000', '--out', out, '--config', tinyConfig(dir), '--backend', 'wasm'], out, 3,
    );
    expect(code).toBe(130);
    expect(stdout).toMatch(new RegExp(`stopped; checkpoint written. Continue with: (npx )?gogepo resume ${out}`)); // as the user runs gogepo from here
    expect(existsSync(join(out, 'checkpoint', 'manifest.json'))).toBe(true);
    const resumed = gogepo('resume', out, '--backend', 'wasm');
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toMatch(/finished: 20\d\d\d steps/);
  });

  it.each([
    [['train', '--env', 'Hopper-v3', '--algo', 'ppo'], /--algo must be one of gogepo/],
    [['train', '--env', 'Hopper-v3', '--backend', 'gpu'], /--backend must be one of auto, native, tensorflow-gpu, tensorflow, wasm, cpu/],
    [['train', '--env', 'Hopper-v3', '--steps', '1e9x'], /--steps must be a positive integer/],
    [['train', '--env', 'Hopper-v3', '--steps', '0x10'], /--steps must be a positive integer, got "0x10"/],
    [['train', '--env', 'Hopper-v3', '--steps', ' 7'], /--steps must be a positive integer, got " 7"/],
    [['train', '--env', 'Hopper-v3', '--steps', '1e3'], /--steps must be a positive integer, got "1e3"/],
    [['train', '--env', 'Hopper-v3', '--steps', '9007199254740991'], /"steps": at most 1e12 steps/],
    [['generate', '/nonexistent-run', '--return', '10', '--out', 'x.json'], /is not a run directory/],
    [['generate', '/nonexistent-run', '--return', 'lots', '--out', 'x.json'], /--return must be a number, got "lots"/],
    [['resume', '/nonexistent-run'], /is not a run directory \(no config.json\)/],
  ])('rejects %j in one line', (args, message) => {
    const r = gogepo(...args);
    expect(r.status).not.toBe(0);
    expect(r.stderr.split('\n')[0]).toMatch(message);
  });
});

describe('gogepo generate on a run of an algorithm without a generator', () => {
  it('says in one line that the algorithm does not write policies for a desired return', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-cli-'));
    const out = join(dir, 'ars');
    expect(gogepo('train', '--algo', 'ars', '--env', 'InvertedPendulum-v2', '--steps', '300', '--out', out).status).toBe(0);
    const r = gogepo('generate', out, '--return', '10', '--out', join(dir, 'p.json'));
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`error: ${out} is a run of ars, which does not write policies for a desired return (gogepo does)`);
    expect(existsSync(join(dir, 'p.json'))).toBe(false);
    const filmed = gogepo('render', out, '--return', '5', '--out', join(dir, 'v.gif'));
    expect([filmed.status, filmed.stderr.trim()]).toEqual([2, `error: render: --return asks a generator for a policy, and ${out} has none (a run of ars); leave --return out to film its policy`]);
    expect(existsSync(join(dir, 'v.gif'))).toBe(false);
  });
});

describe('gogepo overwrites nothing and checks what it is given', () => {
  it('refuses to overwrite files, to write onto a directory, and to run a policy on the wrong environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-cli-'));
    const out = join(dir, 'run');
    expect(gogepo('train', '--env', 'InvertedPendulum-v2', '--steps', '200', '--out', out, '--config', tinyConfig(dir)).status).toBe(0);
    const config = readFileSync(join(out, 'config.json'), 'utf8');
    const refused = (args: string[], message: RegExp) => {
      const r = gogepo(...args);
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    };
    refused(['generate', out, '--return', '5', '--out', join(out, 'config.json')], /config\.json exists; pass --force to overwrite it/);
    expect(readFileSync(join(out, 'config.json'), 'utf8')).toBe(config);
    refused(['generate', out, '--return', '5', '--out', join(out, 'checkpoint')], /checkpoint is a directory; name the policy file to write/);
    expect(readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);

    const policy = join(dir, 'p.json');
    expect(gogepo('generate', out, '--return', '5', '--out', policy).status).toBe(0);
    refused(['generate', out, '--return', '6', '--out', policy], /p\.json exists/);
    expect(JSON.parse(readFileSync(policy, 'utf8')).provenance.command).toBe(5);
    expect(gogepo('generate', out, '--return', '6', '--out', policy, '--force').status).toBe(0);
    expect(JSON.parse(readFileSync(policy, 'utf8')).provenance.command).toBe(6);

    expect(gogepo('sweep', out, '--n', '2', '--episodes', '1').status).toBe(0);
    const sweepJson = readFileSync(join(out, 'sweep.json'), 'utf8');
    refused(['sweep', out, '--n', '3', '--episodes', '1'], /already holds a sweep \(sweep\.csv, sweep\.json\); pass --force to replace it/);
    expect(readFileSync(join(out, 'sweep.json'), 'utf8')).toBe(sweepJson);
    expect(gogepo('sweep', out, '--n', '3', '--episodes', '1', '--force').status).toBe(0);

    writeFileSync(policy, readFileSync(policy, 'utf8').replace('"InvertedPendulum-v2"', '"MountainCarContinuous-v0"'));
    refused(['eval', policy], /p\.json: a policy for 4 observations and 1 actions, but MountainCarContinuous-v0 has 2 and 1/);

    const override = join(dir, 'env.json');
    writeFileSync(override, '{"env": "InvertedPendulum-v2"}');
    refused(['train', '--env', 'MountainCarContinuous-v0', '--config', override, '--out', join(dir, 'x')], /"env" cannot be overridden/);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });
});

describe('bad paths and setups', () => {
  const aFile = join(mkdtempSync(join(tmpdir(), 'gogepo-cli-')), 'a-file');
  writeFileSync(aFile, 'x');
  it.each([
    [['train', '--env', 'InvertedPendulum-v2', '--steps', '100', '--out', aFile], /^error: .*a-file is a file, not a run directory; choose another --out$/],
    [['train', '--env', 'InvertedPendulum-v2', '--steps', '100', '--out', join(aFile, 'sub')], /^error: .*a-file\/sub\/checkpoint: a part of the path is not a directory \(ENOTDIR in mkdir\)$/],
    [['train', '--env', 'InvertedPendulum-v2', '--steps', '100', '--backend', 'tensorflow', '--out', join(aFile, 'x')], /^error: backend "tensorflow" could not be loaded: /],
    [['eval', aFile], /^error: .*a-file: not a readable JSON policy file/],
  ])('%j: one line, exit 2, no stack trace', (args, message) => {
    const r = gogepo(...args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(aFile, 'utf8')).toBe('x');
  });
});
