import { describe, expect, it } from 'vitest';
import { correlation, ksCritical, ksStatisticUniform } from '@gogepo/random';
import { make } from './registry.js';

/**
 * The start states of 1,000 consecutive seeds, coordinate by coordinate,
 * against each environment's reset distribution (gym's, as packages/envs/README.md lists them):
 * uniform in [centre - scale, centre + scale). With raw seeds every
 * MountainCar episode started at -0.4.
 */
const N = 1000;
const resetDistributions: { id: string; centre: number[]; scale: number; coordinates: number[] }[] = [
  { id: 'MountainCarContinuous-v0', centre: [-0.5], scale: 0.1, coordinates: [0] },
  { id: 'InvertedPendulum-v2', centre: [0, 0, 0, 0], scale: 0.01, coordinates: [0, 1, 2, 3] },
  // qpos[1:] then qvel; rootz starts at its ref, 1.25
  { id: 'Hopper-v3', centre: [1.25, ...Array(10).fill(0)], scale: 5e-3, coordinates: [...Array(11).keys()] },
  { id: 'Swimmer-v3', centre: Array(8).fill(0), scale: 0.1, coordinates: [...Array(8).keys()] },
];


describe.each(resetDistributions)('$id start states of consecutive seeds', ({ id, centre, scale, coordinates }) => {
  it('follow the reset distribution and are uncorrelated between neighbouring seeds', async () => {
    const env = await make(id);
    try {
      const starts = Array.from({ length: N }, (_, seed) => Array.from(env.reset({ seed })));
      for (const k of coordinates) {
        const x = starts.map((s) => s[k]);
        expect(ksStatisticUniform(x, centre[k] - scale, centre[k] + scale), `coordinate ${k}`).toBeLessThan(ksCritical(N));
        expect(Math.abs(correlation(x.slice(0, -1), x.slice(1))), `coordinate ${k}`).toBeLessThan(4 / Math.sqrt(N));
      }
    } finally {
      env.close();
    }
  });
});
