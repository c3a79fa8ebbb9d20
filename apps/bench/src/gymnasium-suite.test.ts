import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planSuite } from './plan.js';
import { loadSuite } from './suite.js';

const bench = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe("the gymnasium suites (Gymnasium's v5 set)", () => {
  it('plan the four algorithms on the six v5 environments, at 1M steps with the v5 training facts', () => {
    const runs = planSuite(loadSuite('gymnasium'), 'b');
    expect(runs).toHaveLength(4 * 6 * 3);
    expect(new Set(runs.map((r) => r.env))).toEqual(new Set(['InvertedPendulum-v5', 'Swimmer-v5', 'Hopper-v5', 'HalfCheetah-v5', 'Walker2d-v5', 'Ant-v5']));
    expect(new Set(runs.map((r) => r.config.steps))).toEqual(new Set([1_000_000]));
    const antArs = runs.find((r) => r.id === 'Ant-v5-ars-s0')!;
    expect(antArs.config.trainEnvOptions).toEqual({ healthyReward: 0 });
    expect(planSuite(loadSuite('gymnasium-cheap'), 'b')).toHaveLength(24);
  });

  it('the cheap variant runs the four algorithms on HalfCheetah-v5 end to end and reports them', () => {
    const out = mkdtempSync(join(tmpdir(), 'gogepo-gymnasium-'));
    const ran = spawnSync(process.execPath, [bench, 'run', '--suite', 'gymnasium-cheap', '--out', out, '--workers', '2', '--only', 'HalfCheetah-v5', '--no-report'], { encoding: 'utf8' });
    expect(ran.status, ran.stderr + ran.stdout).toBe(0);
    expect(ran.stdout).toContain('4/4 runs done, 0 failed');
    const reported = spawnSync(process.execPath, [bench, 'report', out, '--no-videos'], { encoding: 'utf8' });
    expect(reported.status, reported.stderr).toBe(0);
    const table = readFileSync(join(out, 'report', 'table1.csv'), 'utf8');
    for (const algo of ['gogepo', 'ars', 'ddpg', 'udrl']) expect(table).toMatch(new RegExp(`^HalfCheetah-v5,${algo},3000,1,1,-?\\d`, 'm'));
  });
});
