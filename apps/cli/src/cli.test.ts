import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { randomRollouts } from './commands/rollout.js';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
function gogepo(...args: string[]) {
  const r = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('gogepo envs', () => {
  it('prints the registry as a table', () => {
    const { code, stdout } = gogepo('envs');
    expect(code).toBe(0);
    for (const id of ['MountainCarContinuous-v0', 'InvertedPendulum-v2', 'Swimmer-v3', 'Hopper-v3']) {
      expect(stdout).toContain(id);
    }
    expect(stdout).toMatch(/Hopper-v3\s*│\s*11\s*│\s*3\s*│/);
  });
});

describe('gogepo rollout', () => {
  it('prints return, length and steps/s per episode', () => {
    const { code, stdout } = gogepo('rollout', '--env', 'InvertedPendulum-v2', '--episodes', '2', '--seed', '4');
    expect(code).toBe(0);
    expect(stdout).toMatch(/episode 0: return \d+\.00, length \d+ \(terminated\), \d+ steps\/s/);
    expect(stdout).toMatch(/mean return [\d.]+ over 2 episodes/);
  });

  it.each([
    [['rollout', '--env', 'Nope-v1'], /^error: unknown environment id "Nope-v1"/],
    [['rollout', '--env', 'Hopper-v3', '--episodes', '0'], /--episodes must be a positive integer, got "0"/],
    [['rollout', '--env', 'Hopper-v3', '--seed', '-3'], /--seed must be an integer in \[0, 4294967295\], got "-3"/],
    [['rollout', '--env', 'Hopper-v3', '--turbo'], /unknown option '--turbo'/],
    [['rollout'], /required option '--env <id>' not specified/],
    [['fly'], /unknown command 'fly'/],
    [['train', '--env', 'Hopper-v3', '--algo', 'ars', '--threads', '2'], /^error: --threads: ars's updates do not use threads \(gogepo and ddpg's do\)/],
    [['train', '--env', 'Hopper-v3', '--threads', '0'], /--threads must be a positive integer, got "0"/],
  ])('rejects %j with a one-line error and a non-zero exit', (args, message) => {
    const { code, stderr } = gogepo(...args);
    expect(code).not.toBe(0);
    expect(stderr.split('\n')[0]).toMatch(message);
    expect(stderr).not.toMatch(/\s+at /); // no stack trace
  });
});

describe('randomRollouts', () => {
  it('is reproducible from its seed', async () => {
    const a = await randomRollouts({ env: 'Hopper-v3', episodes: 2, seed: 11 });
    const b = await randomRollouts({ env: 'Hopper-v3', episodes: 2, seed: 11 });
    expect(a.map((r) => [r.return, r.length])).toEqual(b.map((r) => [r.return, r.length]));
    expect(a[0].return).not.toBe(a[1].return);
  });
});

describe('gogepo --version', () => {
  it('prints the tool version, as the bench does', () => {
    const { code, stdout } = gogepo('--version');
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    // the release's version: this package's, which every package shares
    expect(stdout.trim()).toBe((JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version);
    const bench = spawnSync(process.execPath, [fileURLToPath(new URL('../../bench/dist/main.js', import.meta.url)), '--version'], { encoding: 'utf8' });
    expect(bench.stdout.trim()).toBe(stdout.trim());
    for (const flag of ['-V', '-v']) expect(gogepo(flag).stdout).toBe(stdout);
  });
});

describe('gogepo --help', () => {
  it('marks the required options', () => {
    const help = gogepo('train', '--help').stdout;
    expect(help).toMatch(/--env <id>\s+environment id \(see `gogepo envs`\) \(required\)/);
    expect(gogepo('generate', '--help').stdout).toMatch(/--return <r>\s+the desired return \(required\)/);
  });
});
