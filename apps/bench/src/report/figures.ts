import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { PolicyMapFile } from '../analysis.js';
import type { CurvePoint, SweepPoint } from './tables.js';

/** Renders a Vega-Lite spec to a standalone SVG string (headless: no canvas, no DOM). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const size = { width: 420, height: 260 };

/** Fig. 3: mean evaluation return vs environment steps, with the 95% bootstrap CI as a band. */
export function curvesSpec(env: string, points: CurvePoint[]): TopLevelSpec {
  const x = { field: 'steps', type: 'quantitative', title: 'environment steps' } as const;
  const color = { field: 'label', type: 'nominal', title: 'algorithm' } as const;
  return {
    ...size,
    title: `${env}: evaluation return (mean, 95% bootstrap CI over seeds)`,
    data: { values: points },
    layer: [
      { mark: { type: 'area', opacity: 0.2 }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color } },
      { mark: { type: 'line' }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: 'return' }, color } },
    ],
  };
}

/** Fig. 6: achieved vs asked return of generated policies; the diagonal is a perfect generator. */
export function sweepSpec(env: string, points: SweepPoint[]): TopLevelSpec {
  const lo = Math.min(...points.map((p) => p.asked));
  const hi = Math.max(...points.map((p) => p.asked));
  const x = { field: 'asked', type: 'quantitative', title: 'asked return (command)' } as const;
  const color = { field: 'label', type: 'nominal', title: 'generator' } as const;
  return {
    ...size,
    title: `${env}: command sweep (mean over seeds, 95% bootstrap CI)`,
    layer: [
      {
        data: { values: [{ asked: lo, achieved: lo }, { asked: hi, achieved: hi }] },
        mark: { type: 'line', strokeDash: [4, 4], color: 'gray' },
        encoding: { x, y: { field: 'achieved', type: 'quantitative' } },
      },
      { data: { values: points }, mark: { type: 'area', opacity: 0.2 }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color } },
      {
        data: { values: points },
        mark: { type: 'line', point: true },
        encoding: { x, y: { field: 'achieved', type: 'quantitative', title: 'achieved return' }, color },
      },
    ],
  };
}

/**
 * Fig. 5: the buffer's policies (circles, coloured by their return) and the
 * policies each generator snapshot writes for a sweep of commands (outlined
 * shapes, one per stage of training, filled by the command on the same colour scale).
 */
export function policyMapSpec(title: string, map: PolicyMapFile): TopLevelSpec {
  const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
  const x = { field: 'x', type: 'quantitative', title: `PC 1 (${pct(map.explainedVariance[0])} of variance)` } as const;
  const y = { field: 'y', type: 'quantitative', title: `PC 2 (${pct(map.explainedVariance[1])})` } as const;
  const returns = [...map.buffer.map((b) => b.return), ...map.generated.map((g) => g.command)];
  const scale = { scheme: 'viridis', domain: [Math.min(...returns), Math.max(...returns)] };
  return {
    ...size,
    title,
    layer: [
      {
        data: { values: map.buffer },
        mark: { type: 'circle', size: 18, opacity: 0.6 },
        encoding: { x, y, color: { field: 'return', type: 'quantitative', title: 'return / command', scale } },
      },
      {
        data: { values: map.generated.map((g) => ({ ...g, stage: `${g.steps} steps` })) },
        mark: { type: 'point', filled: true, size: 70, stroke: 'black', strokeWidth: 1, opacity: 1 },
        encoding: {
          x, y,
          shape: { field: 'stage', type: 'nominal', title: 'generator after', sort: { field: 'steps' } },
          color: { field: 'command', type: 'quantitative', scale },
        },
      },
    ],
  } as TopLevelSpec;
}
