import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@gogepo/nn';
import { readPolicyFile, readSweepFile, resolveRunConfig, writeSweepFile } from './index.js'; // registers GoGePo
import { jsonLinesMutations as lineMutations, jsonMutations as mutations } from './json-mutations.js';
import { ConfigError } from './errors.js';
import { readEvaluations } from './run-directory.js';
import { Run } from './run.js';
import { runPaths } from './run-paths.js';

/**
 * A table-driven fuzz of every reader of a run's files (config.json, the
 * checkpoint manifest, metrics.jsonl, summary.json, sweep.json, a policy
 * file): each file is truncated, replaced by other JSON values, and has each
 * of its fields (and their fields) set to wrong types, NaN-like and infinite
 * numbers, huge arrays and paths outside the run. Every read must either
 * succeed or fail with a one-line ConfigError, and write nothing.
 */
let backend = '';
let pristine = '';
let policy = '';

const tiny = { steps: 300, evalInterval: 100, evalEpisodes: 2, gogepo: { policyHidden: [16], headHidden: [8], evaluatorHidden: [8], probingStates: 4, generatorSteps: 1, evaluatorSteps: 1 } };

beforeAll(async () => {
  backend = await initBackend('wasm');
  pristine = mkdtempSync(join(tmpdir(), 'gogepo-fuzz-run-'));
  const run = await Run.start(pristine, resolveRunConfig({ algo: 'gogepo', env: 'MountainCarContinuous-v0', seed: 2 }, tiny), backend);
  await run.train();
  run.close();
  writeSweepFile(pristine, { env: 'MountainCarContinuous-v0', episodes: 2, rows: [{ asked: 0, achieved: 1, std: 0.5, returns: [0.5, 1.5] }, { asked: 10, achieved: 9, std: 0, returns: [9, 9] }] });
  policy = join(pristine, '..', `${pristine.split('/').pop()}-policy.json`);
  const layout = { observationSize: 2, actionSize: 1, hidden: [4], hiddenActivation: 'tanh' };
  writeFileSync(policy, JSON.stringify({ format: 'gogepo-policy/1', env: 'MountainCarContinuous-v0', layout, actionHigh: [1], observationMean: [0, 0], observationStd: [1, 1], theta: Array(17).fill(0.1) }));
}, 120_000);

/** Every file below `dir` with its size and mtime: what "nothing written" compares. */
function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else out.push(`${p.slice(dir.length)} ${s.size} ${s.mtimeMs}`);
    }
  };
  walk(dir);
  return out;
}

type Reader = (dir: string) => unknown;
const readers: { file: string; lines?: boolean; read: Reader[] }[] = [
  // Run.resume reads config.json as Run.readConfig does, then builds the run: only a config that reads is worth building
  { file: 'config.json', read: [(d) => Run.readConfig(d), (d) => { try { Run.readConfig(d); } catch { return; } return Run.resume(d, backend, { readOnly: true }).then((r) => r.close()); }] },
  { file: 'checkpoint/manifest.json', read: [(d) => Run.resume(d, backend, { readOnly: true }).then((r) => r.close())] },
  { file: 'summary.json', read: [(d) => Run.readSummary(d)] },
  { file: 'sweep.json', read: [(d) => readSweepFile(d)] },
  { file: 'metrics.jsonl', lines: true, read: [(d) => readEvaluations(d)] },
];

/** Runs a read; returns undefined when it succeeded, else its error, which must be a one-line ConfigError. */
async function outcome(read: () => unknown): Promise<Error | undefined> {
  try {
    await read();
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

describe('every reader of a run folder, fuzzed', () => {
  for (const { file, lines, read } of readers) {
    it(`${file}: each mutation reads, or fails in one line naming the file; nothing is written`, async () => {
      const text = readFileSync(join(pristine, file), 'utf8');
      const cases = lines ? lineMutations(text) : mutations(text);
      let refused = 0;
      // one copy of the run for all of this file's cases: each writes its mutation, reads, and puts the file back
      const dir = mkdtempSync(join(tmpdir(), 'gogepo-fuzz-'));
      cpSync(pristine, dir, { recursive: true });
      for (const [what, mutated] of cases) {
        writeFileSync(join(dir, file), mutated);
        const before = listing(dir);
        for (const reader of read) {
          const error = await outcome(() => reader(dir));
          if (error) {
            refused++;
            expect(error, `${file} ${what}: ${error.stack}`).toBeInstanceOf(ConfigError);
            expect(error.message, `${file} ${what}`).not.toContain('\n');
            expect(error.message, `${file} ${what}`).toContain(dir);
            expect(error.message.length, `${file} ${what}`).toBeLessThan(600);
          }
        }
        expect(listing(dir), `${file} ${what}: nothing written`).toEqual(before);
        writeFileSync(join(dir, file), text);
      }
      expect(refused).toBeGreaterThan(cases.length / 2); // the fuzz does reach the checks
    }, 300_000);
  }

  it('a policy file: each mutation reads, or fails in one line naming the file', () => {
    const text = readFileSync(policy, 'utf8');
    let refused = 0;
    for (const [what, mutated] of mutations(text)) {
      const path = join(mkdtempSync(join(tmpdir(), 'gogepo-fuzz-policy-')), 'policy.json');
      writeFileSync(path, mutated);
      try {
        readPolicyFile(path);
      } catch (error) {
        refused++;
        expect(error, `${what}: ${(error as Error).stack}`).toBeInstanceOf(ConfigError);
        expect((error as Error).message).toContain(path);
        expect((error as Error).message).not.toContain('\n');
      }
    }
    expect(refused).toBeGreaterThan(10);
  });

  it('a manifest cannot make a reader open a file outside checkpoint/', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-fuzz-'));
    cpSync(pristine, dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(runPaths(dir).manifest, 'utf8'));
    writeFileSync(runPaths(dir).manifest, JSON.stringify({ ...manifest, tensorsFile: '../../../../etc/passwd' }));
    await expect(Run.resume(dir, backend, { readOnly: true })).rejects.toThrow(/manifest\.json: "tensorsFile": must name a state-N\.safetensors file of checkpoint\//);
  });
});
