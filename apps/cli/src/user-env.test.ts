import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { interruptAfterEpisodes } from './interrupt.testkit.js';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const bench = fileURLToPath(new URL('../../bench/dist/main.js', import.meta.url));
const run = (cli: string, ...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

/** A user's environment module, self-contained (no import of the gogepo packages): a 1-D point mass to keep near 0. */
const pointMass = `
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const box = (low, high, n) => ({ low: new Float64Array(n).fill(low), high: new Float64Array(n).fill(high), shape: [n] });
class PointMass {
  id = 'PointMass-v0'; maxEpisodeSteps = 50; observationSpace = box(-Infinity, Infinity, 2); actionSpace = box(-1, 1, 1);
  x = 0; v = 0; t = 0; draw = random(0);
  reset(options = {}) {
    if (options.seed !== undefined) this.draw = random(options.seed);
    this.x = 2 * this.draw() - 1; this.v = 0; this.t = 0;
    return Float64Array.of(this.x, this.v);
  }
  step(action) {
    const a = Math.max(-1, Math.min(1, action[0]));
    this.v += 0.1 * a; this.x += 0.1 * this.v; this.t += 1;
    return { observation: Float64Array.of(this.x, this.v), reward: 1 - Math.abs(this.x), terminated: false, truncated: this.t >= 50, info: {} };
  }
  close() {}
}
export const environments = [
  { id: 'PointMass-v0', create: () => new PointMass(), maxEpisodeSteps: 50, training: { steps: 3000, evalInterval: 500, rMin: -50, rMax: 50 } },
];
`;

const small = { evalEpisodes: 2, checkpointEpisodes: 1, gogepo: { policyHidden: [16, 16], headHidden: [16], evaluatorHidden: [16], probingStates: 8 } };

describe('a user-defined environment through the CLI (--require) and the bench', () => {
  it('trains, stops, resumes, evaluates, generates and benches a module-registered environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-user-env-'));
    const module = join(dir, 'point-mass.mjs');
    writeFileSync(module, pointMass);
    const config = join(dir, 'small.json');
    writeFileSync(config, JSON.stringify(small));
    const out = join(dir, 'run');

    expect(run(main, 'train', '--env', 'PointMass-v0', '--steps', '3000', '--out', out).stderr).toMatch(/unknown environment id "PointMass-v0"/);
    expect(run(main, 'envs', '--require', module).stdout).toMatch(/PointMass-v0\s*│\s*2\s*│\s*1\s*│/);

    // a config file cannot name modules: only --require can
    const sneaky = join(dir, 'sneaky.json');
    writeFileSync(sneaky, JSON.stringify({ ...small, require: [module] }));
    const refusedConfig = run(main, 'train', '--env', 'MountainCarContinuous-v0', '--out', join(dir, 'sneaky-run'), '--config', sneaky);
    expect(refusedConfig.status).toBe(2);
    expect(refusedConfig.stderr.trim()).toBe('error: bad config: "require" cannot be set in a config; name modules with --require (or in the suite\'s "require")');

    // train, stopped with Ctrl-C after a few episodes; then resume, which loads the recorded module only when it is named again
    const stopped = await interruptAfterEpisodes(main, ['train', '--require', module, '--env', 'PointMass-v0', '--out', out, '--config', config], out, 4);
    expect(stopped.code).toBe(130);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).config.require).toEqual([module]);
    const unnamed = `error: ${join(out, 'config.json')} names module ${module}, which was not named with --require (a file never loads code on its own): add --require ${module} if you trust it`;
    for (const command of [['resume', out], ['eval', out, '--episodes', '1'], ['generate', out, '--return', '3', '--out', join(dir, 'p.json')], ['sweep', out, '--n', '2']]) {
      const refused = run(main, ...command);
      expect(refused.status, command.join(' ')).toBe(2);
      expect(refused.stderr.trim()).toBe(unnamed);
    }
    expect(existsSync(join(dir, 'p.json'))).toBe(false);
    const resumed = run(main, 'resume', out, '--require', module);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/finished: 30\d\d steps/);

    const evaluated = run(main, 'eval', out, '--episodes', '2', '--require', module);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toMatch(/PointMass-v0, .*: mean return -?[\d.]+ ± [\d.]+ over 2 episodes/);
    const policy = join(dir, 'policy.json');
    expect(run(main, 'generate', out, '--return', '30', '--out', policy, '--require', module).status).toBe(0);
    expect(run(main, 'eval', policy, '--episodes', '1').stderr).toMatch(/unknown environment id "PointMass-v0"/);
    expect(run(main, 'eval', policy, '--episodes', '1', '--require', module).stdout).toMatch(/PointMass-v0, .*policy\.json: mean return/);
    expect(run(main, 'sweep', out, '--n', '2', '--episodes', '1', '--require', module).status).toBe(0);

    // a one-run bench suite naming the module relative to the suite file: loaded only when the operator names it too
    const suite = join(dir, 'suite.json');
    writeFileSync(suite, JSON.stringify({ name: 'mine', seeds: [0], require: ['./point-mass.mjs'], sweep: { n: 2, episodes: 1 }, policyMap: { bufferPolicies: 3, commands: 2 },
      runs: [{ algo: 'gogepo', env: 'PointMass-v0', steps: 1000, config: small }] }));
    const refusedSuite = run(bench, 'run', '--suite', suite, '--out', join(dir, 'bench'), '--workers', '1');
    expect(refusedSuite.status).toBe(2);
    expect(refusedSuite.stderr.trim()).toBe(`error: suite mine names module ${module}, which was not named with --require (a file never loads code on its own): add --require ${module} if you trust it`);
    expect(existsSync(join(dir, 'bench'))).toBe(false);
    const benched = run(bench, 'run', '--suite', suite, '--out', join(dir, 'bench'), '--workers', '1', '--require', module);
    expect(benched.status, benched.stderr + benched.stdout).toBe(0);
    expect(benched.stdout).toContain('1/1 runs done, 0 failed');
    expect(readFileSync(join(dir, 'bench', 'report', 'report.md'), 'utf8')).toContain('PointMass-v0');
  });

  it('names a module that is missing or broken in one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-user-env-'));
    const missing = run(main, 'envs', '--require', join(dir, 'nope.mjs'));
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim()).toBe(`error: --require: ${join(dir, 'nope.mjs')} does not exist`);
    writeFileSync(join(dir, 'broken.mjs'), 'throw new Error("no physics today");\n');
    expect(run(main, 'envs', '--require', join(dir, 'broken.mjs')).stderr.trim()).toBe(`error: --require: ${join(dir, 'broken.mjs')} failed to load: no physics today`);
  });
});
