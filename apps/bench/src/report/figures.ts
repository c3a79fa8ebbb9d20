import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from '@gogepo/viewer/svg';
import type { PolicyMapFile } from '../analysis.js';
import type { Statistics } from './statistics.js';
import type { CurvePoint, SeedCurvePoint, SweepPoint } from './tables.js';

export { renderSvg };

const size = { width: 420, height: 260 };

/** Line colours by algorithm, the same in every figure; labels the palette does not name take the rest in order. */
const ALGORITHM_COLOURS: Record<string, string> = { gogepo: '#1f5fb4', ars: '#d62728', ddpg: '#2a9d2a', udrl: '#8c56b8' };
const SPARE_COLOURS = ['#e08a00', '#17a2b8', '#8c564b', '#e377c2', '#555555', '#bcbd22'];

/** A colour scale over the report's labels (domain in the given order). */
export function labelColours(labels: string[]): { domain: string[]; range: string[] } {
  let next = 0;
  return { domain: labels, range: labels.map((l) => ALGORITHM_COLOURS[l] ?? SPARE_COLOURS[next++ % SPARE_COLOURS.length]) };
}

/**
 * The label channel of a figure, the same on every layer (one shared legend).
 * Bands and thin lines fade with fillOpacity / strokeOpacity, never opacity:
 * the legend takes its swatches' opacity from the marks', and would be pale.
 */
const labelChannel = (title: string, colours: ReturnType<typeof labelColours>) => ({ field: 'label', type: 'nominal', scale: colours, title }) as const;

/**
 * Fig. 3: the mean evaluation return over seeds (thick line) with its 95%
 * bootstrap CI (pale band), and each seed's own curve (thin lines), so that a
 * mean no seed reached shows as such. The legend shows the line colours.
 */
export function curvesSpec(env: string, points: CurvePoint[], seeds: SeedCurvePoint[], colours: ReturnType<typeof labelColours>): TopLevelSpec {
  const x = { field: 'steps', type: 'quantitative', title: 'environment steps' } as const;
  const label = labelChannel('algorithm', colours);
  return {
    ...size,
    title: `${env}: evaluation return (mean over seeds, 95% bootstrap CI; thin lines: seeds)`,
    layer: [
      { data: { values: points }, mark: { type: 'area', fillOpacity: 0.1 }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color: label } },
      {
        data: { values: seeds },
        mark: { type: 'line', strokeWidth: 1, strokeOpacity: 0.6 },
        encoding: { x, y: { field: 'mean', type: 'quantitative' }, color: label, detail: { field: 'seed', type: 'nominal' } },
      },
      { data: { values: points }, mark: { type: 'line', strokeWidth: 2.5 }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: 'return' }, color: label } },
    ],
  } as TopLevelSpec;
}

/** Fig. 6: achieved vs asked return of generated policies; the diagonal is a perfect generator. */
export function sweepSpec(env: string, points: SweepPoint[], colours: ReturnType<typeof labelColours>): TopLevelSpec {
  const lo = Math.min(...points.map((p) => p.asked));
  const hi = Math.max(...points.map((p) => p.asked));
  const x = { field: 'asked', type: 'quantitative', title: 'asked return (command)' } as const;
  // only the labels that have a sweep (command-conditioned algorithms) in the legend, in the report's colours
  const present = new Set(points.map((p) => p.label));
  const label = labelChannel('generator', { domain: colours.domain.filter((l) => present.has(l)), range: colours.range.filter((_, i) => present.has(colours.domain[i])) });
  return {
    ...size,
    title: `${env}: command sweep (mean over seeds, 95% bootstrap CI)`,
    layer: [
      {
        data: { values: [{ asked: lo, achieved: lo }, { asked: hi, achieved: hi }] },
        mark: { type: 'line', strokeDash: [4, 4], color: 'gray' },
        encoding: { x, y: { field: 'achieved', type: 'quantitative' } },
      },
      { data: { values: points }, mark: { type: 'area', fillOpacity: 0.15 }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color: label } },
      {
        data: { values: points },
        mark: { type: 'line', point: true },
        encoding: { x, y: { field: 'achieved', type: 'quantitative', title: 'achieved return' }, color: label },
      },
    ],
  } as TopLevelSpec;
}

/** "99%", "0.4%", "<0.1%": a share of variance as text. */
export function percentText(v: number): string {
  const pct = 100 * v;
  return pct >= 10 ? `${pct.toFixed(0)}%` : pct >= 0.1 ? `${pct.toFixed(1)}%` : '<0.1%';
}

/** Equal-length domains for x and y around their data, so that one unit is as long on both axes. */
export function squareDomains(points: { x: number; y: number }[]): { x: [number, number]; y: [number, number] } {
  const extent = (vs: number[]) => [Math.min(...vs), Math.max(...vs)] as const;
  const [x0, x1] = extent(points.map((p) => p.x));
  const [y0, y1] = extent(points.map((p) => p.y));
  const half = (Math.max(x1 - x0, y1 - y0, 1e-9) / 2) * 1.05;
  const around = (a: number, b: number): [number, number] => [(a + b) / 2 - half, (a + b) / 2 + half];
  return { x: around(x0, x1), y: around(y0, y1) };
}

/**
 * Fig. 5: the buffer's policies (circles, coloured by the return they
 * achieved) and the policies each generator snapshot writes for a sweep of
 * commands (outlined shapes, one per stage of training, coloured by the asked
 * return on a scale of their own). Both axes have the same scale, so a
 * component that explains little variance looks as flat as it is.
 */
export function policyMapSpec(title: string, map: PolicyMapFile): TopLevelSpec {
  const domains = squareDomains([...map.buffer, ...map.generated]);
  const x = { field: 'x', type: 'quantitative', title: `PC 1 (${percentText(map.explainedVariance[0])} of variance)`, scale: { domain: domains.x, nice: false } } as const;
  const y = { field: 'y', type: 'quantitative', title: `PC 2 (${percentText(map.explainedVariance[1])} of variance)`, scale: { domain: domains.y, nice: false } } as const;
  return {
    width: 360,
    height: 360,
    title,
    layer: [
      {
        data: { values: map.buffer },
        mark: { type: 'circle', size: 18, opacity: 0.6, clip: true },
        encoding: { x, y, color: { field: 'return', type: 'quantitative', title: 'buffer return', scale: { scheme: 'viridis' } } },
      },
      {
        data: { values: map.generated.map((g) => ({ ...g, stage: `${g.steps} steps` })) },
        mark: { type: 'point', filled: true, size: 70, stroke: 'black', strokeWidth: 1, opacity: 1, clip: true },
        encoding: {
          x, y,
          shape: { field: 'stage', type: 'nominal', title: 'generator after', sort: { field: 'steps' } },
          color: { field: 'command', type: 'quantitative', title: 'asked return', scale: { scheme: 'orangered' } },
        },
      },
    ],
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
  } as TopLevelSpec;
}

/** Performance profiles (Agarwal et al. 2021): fraction of runs with a normalised score above tau, with 95% bands. */
export function profileSpec(points: Statistics['profile'], colours: ReturnType<typeof labelColours>): TopLevelSpec {
  const x = { field: 'tau', type: 'quantitative', title: 'normalised score τ' } as const;
  const label = labelChannel('algorithm', colours);
  return {
    ...size,
    title: 'Performance profiles: fraction of runs with normalised score > τ (95% stratified-bootstrap band)',
    data: { values: points },
    layer: [
      { mark: { type: 'area', fillOpacity: 0.12, interpolate: 'step-after' }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color: label } },
      {
        mark: { type: 'line', strokeWidth: 2, interpolate: 'step-after' },
        encoding: { x, y: { field: 'value', type: 'quantitative', title: 'fraction of runs', scale: { domain: [0, 1] } }, color: label },
      },
    ],
  } as TopLevelSpec;
}
