import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { resolveRunConfig, Run, runPaths, TOOL_VERSION } from '@gogepo/core';
import { initBackend } from '@gogepo/nn';
import { analyse } from './analysis.js';
import { writeReport } from './report/report.js';
import { claimBenchDir, runSuite, type RunProgress } from './scheduler.js';
import { parseSuite } from './suite.js';
import { planLine, planSuite } from './plan.js';

const tinyGoGePo = { policyHidden: [16, 16], headHidden: [16], evaluatorHidden: [16], probingStates: 10, generatorSteps: 3, evaluatorSteps: 2 };
const suite = parseSuite(
  {
    name: 'tiny',
    description: 'a tiny suite for the tests (`gogepo-bench run` runs it)',
    seeds: [0, 1],
    runs: [
      // fails when its worker builds the environment (the option is not one of InvertedPendulum's)
      { algo: 'gogepo', label: 'broken', env: 'InvertedPendulum-v2', seeds: [0], steps: 600, config: { trainEnvOptions: { noSuchOption: 1 }, gogepo: tinyGoGePo } },
      { algo: 'gogepo', env: 'InvertedPendulum-v2', steps: 1000, config: { evalInterval: 250, evalEpisodes: 2, gogepo: tinyGoGePo } },
      { algo: 'ars', env: 'InvertedPendulum-v2', steps: 1000, config: { evalInterval: 250, evalEpisodes: 2 } },
    ],
    sweep: { n: 4, episodes: 2 },
    policyMap: { bufferPolicies: 20, commands: 3 },
  },
  'test',
);
const benchDir = mkdtempSync(join(tmpdir(), 'gogepo-bench-'));
const byId = (runs: RunProgress[]) => Object.fromEntries(runs.map((r) => [r.run.id, r]));

describe('gogepo-bench', () => {
  it('runs a suite in parallel workers: a failing run is reported, a stopped run resumes, finished runs are skipped', async () => {
    // session 1: stop once the broken run has failed and the run beside it has reported steps (not on a clock:
    // on a loaded machine the broken run can fail before the other worker has taken a step); it checkpoints and stops
    let stop!: () => void;
    let brokenEnded = false;
    let besideStepped = false;
    const stopWhenBoth = () => brokenEnded && besideStepped && stop();
    const first = await runSuite(suite, benchDir, {
      workers: 2, backend: 'wasm', stopSignal: new Promise((resolve) => (stop = resolve)),
      observer: {
        update: (runs) => {
          besideStepped ||= runs.some((r) => r.run.id === 'InvertedPendulum-v2-gogepo-s0' && r.status === 'running' && r.steps > 0);
          stopWhenBoth();
        },
        runEnded: (r) => {
          brokenEnded ||= r.run.id === 'InvertedPendulum-v2-broken-s0';
          stopWhenBoth();
        },
      },
    });
    expect(first.stopped).toBe(true);
    const s1 = byId(first.runs);
    expect(s1['InvertedPendulum-v2-broken-s0'].status).toBe('failed');
    expect(s1['InvertedPendulum-v2-broken-s0'].error).toBe('InvertedPendulum-v2: bad options: Unrecognized key: "noSuchOption"');
    expect(s1['InvertedPendulum-v2-gogepo-s0'].status).toBe('stopped');
    expect(existsSync(runPaths(join(benchDir, 'runs', 'InvertedPendulum-v2-gogepo-s0')).manifest)).toBe(true);
    // no run was started after the stop: the broken run's lane may have started the next run before the other
    // one's first steps (it is then stopped too), never the two after it
    expect(['pending', 'stopped']).toContain(s1['InvertedPendulum-v2-gogepo-s1'].status);
    expect([s1['InvertedPendulum-v2-ars-s0'].status, s1['InvertedPendulum-v2-ars-s1'].status]).toEqual(['pending', 'pending']);
    // `plan` says how far the stopped run got
    const planned = Object.fromEntries(planSuite(suite, benchDir).map((r) => [r.id, planLine(r)]));
    const reached = /^partial +InvertedPendulum-v2-gogepo-s0 +(\d+)\/1000 steps$/.exec(planned['InvertedPendulum-v2-gogepo-s0']);
    expect(Number(reached?.[1])).toBeGreaterThan(0);
    expect(Number(reached?.[1])).toBeLessThan(1000);
    expect(planned['InvertedPendulum-v2-ars-s1']).toMatch(/^new +InvertedPendulum-v2-ars-s1 +1000 steps$/);
    const status = JSON.parse(readFileSync(join(benchDir, 'bench-status.json'), 'utf8'));
    expect(status.runs.find((r: { id: string }) => r.id === 'InvertedPendulum-v2-broken-s0').error).toMatch(/bad options/);

    // session 2: everything else runs to the end (the stopped run resumes from its checkpoint)
    const ended: string[] = [];
    const second = await runSuite(suite, benchDir, { workers: 2, backend: 'wasm', observer: { update: () => {}, runEnded: (r) => ended.push(r.run.id) } });
    const s2 = byId(second.runs);
    expect(second.stopped).toBe(false);
    expect(s2['InvertedPendulum-v2-broken-s0'].status).toBe('failed');
    for (const id of ['InvertedPendulum-v2-gogepo-s0', 'InvertedPendulum-v2-gogepo-s1', 'InvertedPendulum-v2-ars-s0', 'InvertedPendulum-v2-ars-s1']) {
      expect(s2[id].status).toBe('done');
      expect(Number.isFinite(s2[id].finalReturn)).toBe(true);
    }
    expect(ended).toHaveLength(5);
    const resumed = join(benchDir, 'runs', 'InvertedPendulum-v2-gogepo-s0');
    const evaluations = readFileSync(runPaths(resumed).metrics, 'utf8').trim().split('\n');
    expect(evaluations.map((l) => Math.round(JSON.parse(l).steps / 250))).toEqual([1, 2, 3, 4]); // none lost, none repeated
    for (const f of ['sweep.json', 'sweep.csv', 'policy-map.json']) expect(existsSync(join(resumed, f))).toBe(true);
    expect(existsSync(join(benchDir, 'runs', 'InvertedPendulum-v2-ars-s0', 'sweep.json'))).toBe(false);

    // session 3: only the failed run is tried again; finished ones are not touched
    const summaryTime = statSync(runPaths(resumed).summary).mtimeMs;
    const tried: string[] = [];
    const third = await runSuite(suite, benchDir, { workers: 2, backend: 'wasm', observer: { update: () => {}, runEnded: (r) => tried.push(r.run.id) } });
    expect(tried).toEqual(['InvertedPendulum-v2-broken-s0']);
    expect(statSync(runPaths(resumed).summary).mtimeMs).toBe(summaryTime);
    // a run finished in an earlier session brings its wall time (the ETA's pace for its group)
    expect(byId(third.runs)['InvertedPendulum-v2-gogepo-s0'].secondsBefore).toBe(Run.readSummary(resumed).wallSeconds);
  });

  it('plan shows "?" for how far a started run got when its folder cannot be read, instead of failing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-bench-plan-'));
    const run = planSuite(suite, dir).find((r) => r.id === 'InvertedPendulum-v2-ars-s0')!;
    mkdirSync(run.dir, { recursive: true });
    writeFileSync(runPaths(run.dir).config, '{ not json');
    expect(planLine(run)).toMatch(/^partial +InvertedPendulum-v2-ars-s0 +\?\/1000 steps$/);
  });

  it('refuses a bench directory that holds another suite, or that another bench process is running', async () => {
    await expect(runSuite({ ...suite, seeds: [5] }, benchDir, { workers: 1, backend: 'wasm' })).rejects.toThrow(/holds another suite/);
    // a reworded description is the same suite (a new version may reword a built-in suite's); the stored one is kept
    const stored = readFileSync(join(benchDir, 'suite.json'), 'utf8');
    expect(() => claimBenchDir(benchDir, { ...suite, description: 'reworded' })).not.toThrow();
    expect(readFileSync(join(benchDir, 'suite.json'), 'utf8')).toBe(stored);
    expect(() => claimBenchDir(benchDir, { ...suite, description: 'reworded', sweep: { ...suite.sweep, n: 5 } })).toThrow(/holds another suite/);
    expect(existsSync(join(benchDir, 'bench.lock'))).toBe(false); // released by the finished session
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(benchDir, 'bench.lock'), JSON.stringify({ pid: other.pid, since: 'now' }));
      await expect(runSuite(suite, benchDir, { workers: 1, backend: 'wasm' })).rejects.toThrow(/bench directory .* is in use by process \d+/);
    } finally {
      other.kill();
      rmSync(join(benchDir, 'bench.lock'));
    }
  });

  it('writes the report; the HTML page loads in headless Chromium without errors and shows the table and every figure', async () => {
    const report = await writeReport(benchDir);
    expect(report.table.map((r) => [r.label, r.finished, r.planned])).toEqual([['broken', 0, 1], ['gogepo', 2, 2], ['ars', 2, 2]]);
    expect(report.figures.map((f) => f.id)).toEqual(['curves-InvertedPendulum-v2', 'sweep-InvertedPendulum-v2', 'policy-map-InvertedPendulum-v2', 'performance-profiles']);
    for (const f of ['report.md', 'index.html', 'table1.csv', 'runs.csv', 'statistics.csv', 'curves.csv', 'sweep.csv', ...report.figures.map((f) => f.file)]) {
      expect(existsSync(join(report.dir, f))).toBe(true);
    }
    expect(readFileSync(join(report.dir, 'table1.csv'), 'utf8').split('\n')[2]).toMatch(/^InvertedPendulum-v2,gogepo,1000,2,2,/);
    expect(readFileSync(join(report.dir, 'report.md'), 'utf8')).toContain('![Policy map, InvertedPendulum-v2');
    // what a reader needs to trust it: each run's wall time, backend, version, commit; the report's own provenance
    const runsCsv = readFileSync(join(report.dir, 'runs.csv'), 'utf8').trim().split('\n');
    expect(runsCsv).toHaveLength(1 + 5);
    expect(runsCsv.find((l) => l.startsWith('InvertedPendulum-v2-gogepo-s0,'))).toContain(`,wasm,${TOOL_VERSION},`);
    expect(runsCsv.find((l) => l.startsWith('InvertedPendulum-v2-gogepo-s0,'))).toMatch(/,done,\d+,[-\d.e]+,[\d.]+,wasm,/);
    expect(report.provenance.runs.backends).toEqual(['wasm']);
    expect(report.provenance.machine).toMatch(/\d+ cores/);
    // the best GoGePo seed's clip (a real GIF, drawn by the viewer) and every GoGePo run's viewer command
    expect(report.videos.skipped).toBeUndefined();
    const best = ['InvertedPendulum-v2-gogepo-s0', 'InvertedPendulum-v2-gogepo-s1'].map((id) => ({ id, r: Run.readSummary(join(benchDir, 'runs', id)).finalReturn })).sort((a, b) => b.r - a.r)[0];
    expect(report.videos.videos.map((v) => [v.env, v.run, v.file])).toEqual([['InvertedPendulum-v2', best.id, 'video-InvertedPendulum-v2.gif']]);
    expect(readFileSync(join(report.dir, 'video-InvertedPendulum-v2.gif')).subarray(0, 6).toString()).toBe('GIF89a');
    expect(report.videos.viewers.map((v) => v.command.replace(/^npx /, ''))).toEqual(['InvertedPendulum-v2-gogepo-s0', 'InvertedPendulum-v2-gogepo-s1'].map((id) => `gogepo view ${join(benchDir, 'runs', id)}`));
    expect(readFileSync(join(report.dir, 'report.md'), 'utf8')).toContain('![InvertedPendulum-v2-gogepo-s');

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
      await page.goto(`file://${join(report.dir, 'index.html')}`, { waitUntil: 'load' });
      expect(errors).toEqual([]);
      expect(await page.locator('#table1 tbody tr').count()).toBe(3);
      expect(await page.locator('#table1 tbody tr').nth(1).innerText()).toMatch(/InvertedPendulum-v2\s+gogepo\s+1000\s+2\/2/);
      expect(await page.locator('#statistics-env tbody tr').count()).toBe(2); // gogepo and ars finished; the broken run did not
      expect(await page.locator('#statistics-normalised tbody tr').count()).toBe(2);
      expect(await page.locator('#statistics-improvement tbody tr').innerText()).toMatch(/gogepo\s+ars\s+InvertedPendulum-v2\s+[\d.]+ \[[\d.]+, [\d.]+\]/);
      expect(await page.locator('#runs tbody tr').count()).toBe(5);
      // at 1400 px every table fits the page: nothing cut, no scrolling
      for (const id of ['table1', 'statistics-env', 'runs']) {
        const fits = await page.locator(`#${id}`).evaluate((t) => {
          const wrapper = t.parentElement!;
          const page = (globalThis as unknown as { document: { documentElement: { clientWidth: number } } }).document.documentElement.clientWidth;
          return { fits: wrapper.scrollWidth <= wrapper.clientWidth, right: t.getBoundingClientRect().right, page };
        });
        expect(fits.fits && fits.right <= fits.page, `${id}: ${JSON.stringify(fits)}`).toBe(true);
      }
      expect(await page.locator('#provenance').innerText()).toContain(`by gogepo-bench ${TOOL_VERSION} (commit `);
      expect(await page.content()).not.toContain('`'); // Markdown code spans become <code>
      expect(await page.locator('#videos ~ figure img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(360);
      expect(await page.locator('#viewers').innerText()).toContain('gogepo view');
      for (const figure of report.figures) {
        const svg = page.locator(`figure#${figure.id} svg`).first();
        const box = await svg.boundingBox();
        expect(box?.width, figure.id).toBeGreaterThan(200);
        expect(box?.height, figure.id).toBeGreaterThan(150);
        expect(await page.locator(`figure#${figure.id} svg path`).count(), figure.id).toBeGreaterThan(0);
      }
    } finally {
      await browser.close();
    }
  });
});

describe('gogepo-bench after a crash', () => {
  it('waits for a run that a worker of a killed bench still holds, instead of failing it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-bench-held-'));
    const one = parseSuite({ name: 'one', description: 'one ARS run', seeds: [0], runs: [{ algo: 'ars', env: 'InvertedPendulum-v2', steps: 500, config: { evalInterval: 250, evalEpisodes: 2 } }] }, 'test');
    const runDir = join(dir, 'runs', 'InvertedPendulum-v2-ars-s0');
    mkdirSync(runDir, { recursive: true });
    // an orphaned worker: holds the run's lock until this test releases it (closes its stdin) — once the
    // bench says it waits for it — and is then gone, its lock file left behind, stale. No wall-clock margin.
    const orphan = spawn(process.execPath, ['-e', 'process.stdin.resume(); process.stdin.on("end", () => process.exit(0))'], { stdio: ['pipe', 'ignore', 'ignore'] });
    const orphanGone = new Promise((resolve) => orphan.on('exit', resolve));
    writeFileSync(runPaths(runDir).lock, JSON.stringify({ pid: orphan.pid, since: 'now' }));
    const phases: string[] = [];
    const observe = (phase: string) => {
      phases.push(phase);
      if (phase.startsWith(`waiting for process ${orphan.pid}`)) orphan.stdin!.end();
    };
    const result = await runSuite(one, dir, { workers: 1, backend: 'wasm', observer: { update: (runs) => runs.forEach((r) => r.phase && observe(r.phase)), runEnded: () => {} } });
    await orphanGone;
    expect(result.runs[0].status).toBe('done');
    expect(phases.some((p) => p.startsWith(`waiting for process ${orphan.pid} to release the run`))).toBe(true);
  }, 120_000);
});

describe('analyses of a finished run', () => {
  it('stop between commands when asked (a stopped bench does not wait for them), and finish when run again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-bench-analysis-'));
    const backend = await initBackend('wasm');
    const config = resolveRunConfig({ algo: 'gogepo', env: 'InvertedPendulum-v2', seed: 0 }, { steps: 300, evalInterval: 100, evalEpisodes: 1, gogepo: tinyGoGePo });
    const trained = await Run.start(dir, config, backend);
    await trained.train();
    trained.close();
    const run = await Run.resume(dir, backend, { readOnly: true });
    try {
      let checks = 0;
      expect(await analyse(run, suite, undefined, () => ++checks > 2)).toBe(false); // stops after two of the sweep's commands
      expect(existsSync(join(dir, 'sweep.json'))).toBe(false);
      expect(await analyse(run, suite)).toBe(true);
      for (const f of ['sweep.json', 'sweep.csv', 'policy-map.json']) expect(existsSync(join(dir, f))).toBe(true);
      expect(JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')).rows).toHaveLength(suite.sweep.n);
    } finally {
      run.close();
    }
  }, 120_000);
});
