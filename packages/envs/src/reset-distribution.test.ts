import { describe, expect, it } from 'vitest';
import { correlation, ksCritical, ksStatisticNormal, ksStatisticUniform } from '@gogepo/random';
import { make } from './registry.js';

/**
 * The start states of 1,000 consecutive seeds, coordinate by coordinate,
 * against each environment's reset distribution (gym's and Gymnasium's, as packages/envs/README.md lists them):
 * uniform in [centre - scale, centre + scale), or for the coordinates listed
 * in `normal` N(centre, scale²) (Gymnasium's HalfCheetah and Ant velocities).
 * With raw seeds every MountainCar episode started at -0.4.
 */
const N = 1000;
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const resetDistributions: { id: string; centre: number[]; scale: number; coordinates: number[]; normal?: number[] }[] = [
  { id: 'MountainCarContinuous-v0', centre: [-0.5], scale: 0.1, coordinates: [0] },
  { id: 'InvertedPendulum-v2', centre: [0, 0, 0, 0], scale: 0.01, coordinates: [0, 1, 2, 3] },
  // qpos[1:] then qvel; rootz starts at its ref, 1.25
  { id: 'Hopper-v3', centre: [1.25, ...Array(10).fill(0)], scale: 5e-3, coordinates: [...Array(11).keys()] },
  { id: 'Swimmer-v3', centre: Array(8).fill(0), scale: 0.1, coordinates: [...Array(8).keys()] },
  { id: 'InvertedPendulum-v5', centre: [0, 0, 0, 0], scale: 0.01, coordinates: [0, 1, 2, 3] },
  { id: 'Swimmer-v5', centre: Array(8).fill(0), scale: 0.1, coordinates: range(0, 8) },
  { id: 'Hopper-v5', centre: [1.25, ...Array(10).fill(0)], scale: 5e-3, coordinates: range(0, 11) },
  // qpos[1:] (8, rootz from 0), then qvel (9) drawn 0.1 N(0, 1)
  { id: 'HalfCheetah-v5', centre: Array(17).fill(0), scale: 0.1, coordinates: range(0, 17), normal: range(8, 17) },
  { id: 'Walker2d-v5', centre: [1.25, ...Array(16).fill(0)], scale: 5e-3, coordinates: range(0, 17) },
  // qpos[2:] (13: the torso's height 0.75, its quaternion (1, 0, 0, 0), 8 hinges at 0), then qvel (14) drawn 0.1 N(0, 1); the contact forces start at 0
  { id: 'Ant-v5', centre: [0.75, 1, ...Array(25).fill(0)], scale: 0.1, coordinates: range(0, 27), normal: range(13, 27) },
];


describe.each(resetDistributions)('$id start states of consecutive seeds', ({ id, centre, scale, coordinates, normal }) => {
  it('follow the reset distribution and are uncorrelated between neighbouring seeds', async () => {
    const env = await make(id);
    try {
      const starts = Array.from({ length: N }, (_, seed) => Array.from(env.reset({ seed })));
      for (const k of coordinates) {
        const x = starts.map((s) => s[k]);
        const ks = normal?.includes(k) ? ksStatisticNormal(x, centre[k], scale) : ksStatisticUniform(x, centre[k] - scale, centre[k] + scale);
        // at 1% for the whole start state: 1% / coordinates for each (Bonferroni; Ant has 27)
        expect(ks, `coordinate ${k}`).toBeLessThan(ksCritical(N, 0.01 / coordinates.length));
        expect(Math.abs(correlation(x.slice(0, -1), x.slice(1))), `coordinate ${k}`).toBeLessThan(4 / Math.sqrt(N));
      }
    } finally {
      env.close();
    }
  });
});
