import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@gogepo/core';
import { jsonMutations } from '@gogepo/core/json-mutations';
import { readPolicyMapFile } from './analysis.js';
import { planSuite } from './plan.js';
import { storedQueueName } from './queue/bench-queue.js';
import { jobData, runOfJob } from './queue/job-data.js';
import { builtInSuitesDir, loadSuite } from './suite.js';

/**
 * The bench's readers of files and payloads that others can write, fuzzed as
 * the run folder's are (core/src/reader-fuzz.test.ts): a suite file, a queue
 * job's payload, a bench folder's queue.json, a run's policy-map.json. Each
 * mutation is read, or refused with a one-line ConfigError naming the file
 * (or the job); nothing is written.
 */
function expectOneLineRefusal(read: () => unknown, names: string, what: string): boolean {
  try {
    read();
    return false;
  } catch (error) {
    expect(error, `${what}: ${(error as Error).stack}`).toBeInstanceOf(ConfigError);
    expect((error as Error).message, what).not.toContain('\n');
    expect((error as Error).message, what).toContain(names);
    expect((error as Error).message.length, what).toBeLessThan(600);
    return true;
  }
}

describe("the bench's readers, fuzzed", () => {
  it('a suite file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-fuzz-suite-'));
    const cases = jsonMutations(readFileSync(join(builtInSuitesDir, 'quick.json'), 'utf8'));
    let refused = 0;
    for (const [what, text] of cases) {
      const path = join(dir, 'suite.json');
      writeFileSync(path, text);
      if (expectOneLineRefusal(() => planSuite(loadSuite(path), join(dir, 'bench')), path, what)) refused++;
    }
    expect(readdirSync(dir)).toEqual(['suite.json']);
    expect(refused).toBeGreaterThan(cases.length / 2);
  });

  it("a queue job's payload, against the suite stored in the bench folder", () => {
    const benchDir = mkdtempSync(join(tmpdir(), 'gogepo-fuzz-job-'));
    const stored = loadSuite('quick');
    const run = planSuite(stored, benchDir)[0];
    const original = JSON.stringify(jobData(stored, run));
    const cases = jsonMutations(original).filter(([, text]) => {
      try {
        // a payload reaches the worker as data: only texts that parse are payloads; one equal to the original is the run itself
        return JSON.stringify(JSON.parse(text)) !== original;
      } catch {
        return false;
      }
    });
    for (const [what, text] of cases) {
      // every mutation differs from the stored run's payload, so every one is refused
      expect(expectOneLineRefusal(() => runOfJob(run.id, JSON.parse(text), benchDir, stored), `job ${run.id}`, what), what).toBe(true);
    }
    expect(readdirSync(benchDir)).toEqual([]);
    expect(cases.length).toBeGreaterThan(50);
  });

  it("a bench folder's queue.json and a run's policy-map.json", () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-fuzz-bench-'));
    const valid = {
      'queue.json': { queue: 'gogepo-bench.quick.0123456789abcdef' },
      'policy-map.json': { env: 'Hopper-v3', bufferPolicies: 2, bufferLength: 10, explainedVariance: [0.6, 0.2], buffer: [{ index: 0, return: 1, x: 0.1, y: 0.2 }], generated: [{ steps: 100, command: 5, x: 0, y: 1 }] },
    };
    const readers: Record<keyof typeof valid, () => unknown> = { 'queue.json': () => storedQueueName(dir), 'policy-map.json': () => readPolicyMapFile(dir) };
    for (const [file, value] of Object.entries(valid) as [keyof typeof valid, unknown][]) {
      writeFileSync(join(dir, file), JSON.stringify(value));
      expect(readers[file]()).toBeDefined();
      let refused = 0;
      const cases = jsonMutations(JSON.stringify(value));
      for (const [what, text] of cases) {
        writeFileSync(join(dir, file), text);
        if (expectOneLineRefusal(readers[file], join(dir, file), `${file} ${what}`)) refused++;
      }
      expect(refused, file).toBeGreaterThan(cases.length / 2);
    }
  });
});
