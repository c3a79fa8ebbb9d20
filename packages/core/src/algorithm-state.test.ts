import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineOf, initBackend, PolicyLayout, Rng } from '@gogepo/nn';
import { GoGePo } from './gogepo/gogepo.js';
import { gogepoConfig } from './gogepo/config.js';
import { ObservationNormaliser } from './normaliser.js';

async function tiny(): Promise<GoGePo> {
  const engine = engineOf(await initBackend());
  const layout = new PolicyLayout(2, 1, [16, 16]);
  const config = gogepoConfig.parse({ policyHidden: [16, 16], headHidden: [8], evaluatorHidden: [8], probingStates: 4, rMin: 0, rMax: 10, evaluatorSteps: 1, generatorSteps: 1 });
  return new GoGePo(config, { layout, actionHigh: Float64Array.of(1), engine, rng: Rng.seeded(2), runDir: mkdtempSync(join(tmpdir(), 'gogepo-state-')), maxEpisodeSteps: 10, normaliser: new ObservationNormaliser(layout.observationSize) });
}

describe("an algorithm's checkpoint state is validated on load", () => {
  it('loads what it saved', async () => {
    const g = await tiny();
    g.tell(g.ask(), 3);
    const state = await g.saveState();
    const h = await tiny();
    await h.loadState(state, { readOnly: true });
    expect(h.command()).toBe(g.command());
    expect(h.generate(5)).toEqual(g.generate(5));
  });

  it('names a bad field, a missing tensor or a tensor of the wrong size in one line', async () => {
    const g = await tiny();
    g.tell(g.ask(), 3);
    const state = await g.saveState();
    const h = await tiny();
    await expect(h.loadState({ ...state, json: { ...state.json, episodes: 'many' } }, { readOnly: true })).rejects.toThrow(
      'checkpoint: the gogepo state is invalid: "episodes": Invalid input: expected number, received string',
    );
    await expect(h.loadState({ ...state, json: { ...state.json, extra: 1 } }, { readOnly: true })).rejects.toThrow(/the gogepo state is invalid: .*extra/);
    const missing = new Map(state.tensors);
    missing.delete('evaluatorAdam/3');
    await expect(h.loadState({ ...state, tensors: missing }, { readOnly: true })).rejects.toThrow(
      /checkpoint: the gogepo state has \d+ "evaluatorAdam\/…" tensors, expected \d+/,
    );
    const short = new Map(state.tensors);
    short.set('generator/0', { shape: [1], data: new Float32Array(1) });
    await expect(h.loadState({ ...state, tensors: short }, { readOnly: true })).rejects.toThrow(/checkpoint: generator tensor 0 holds 1 numbers, expected \d+ \(\d+ x \d+\)/);
  });
});
