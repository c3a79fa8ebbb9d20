import { describe, expect, it } from 'vitest';
import { labelColours, sweepSpec } from './figures.js';

describe('report figures', () => {
  it("a command sweep's legend names only the labels that have a sweep, in the report's colours", () => {
    const colours = labelColours(['gogepo', 'ars', 'ddpg', 'udrl', 'gogepo-fast']);
    const point = (label: string, asked: number) => ({ env: 'Hopper-v3', label, asked, achieved: asked, lo: asked, hi: asked, seeds: 3 });
    const spec = sweepSpec('Hopper-v3', [point('gogepo', 0), point('gogepo', 100), point('gogepo-fast', 50)], colours);
    const scales = JSON.stringify(spec).match(/"scale":\{"domain":\[[^\]]*\],"range":\[[^\]]*\]\}/g) ?? [];
    expect(scales.length).toBeGreaterThan(0);
    for (const scale of scales) {
      const { domain, range } = JSON.parse(`{${scale}}`).scale as { domain: string[]; range: string[] };
      expect(domain).toEqual(['gogepo', 'gogepo-fast']);
      expect(range).toEqual([colours.range[0], colours.range[4]]);
    }
  });
});
