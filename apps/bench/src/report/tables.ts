import type { RunData } from './collect.js';
import { groupRuns } from './collect.js';
import { paperResult } from './paper.js';
import { bootstrapMeanCi, meanStd } from './stats.js';

/** One row of table 1: a (environment, algorithm) group's final returns. */
export interface Table1Row {
  env: string;
  label: string;
  algo: string;
  steps: number;
  /** Finished runs / planned runs. */
  finished: number;
  planned: number;
  mean?: number;
  std?: number;
  perSeed: { seed: number; finalReturn: number }[];
  paper?: { mean: number; std: number };
}

/** Table 1: final return (mean of the last 20 evaluations) as mean ± std over finished seeds, next to the paper's. */
export function table1(runs: RunData[]): Table1Row[] {
  const rows: Table1Row[] = [];
  for (const [env, byLabel] of groupRuns(runs)) {
    for (const [label, group] of byLabel) {
      const finished = group.filter((r) => r.summary);
      const perSeed = finished.map((r) => ({ seed: r.run.seed, finalReturn: r.summary!.finalReturn }));
      const stats = perSeed.length > 0 ? meanStd(perSeed.map((p) => p.finalReturn)) : undefined;
      const algo = group[0].run.algo;
      rows.push({
        env, label, algo, steps: group[0].run.config.steps, finished: finished.length, planned: group.length,
        // a relabelled group is a variant (an ablation), not the paper's algorithm as in its table 1
        ...stats, perSeed, paper: label === algo ? paperResult(env, algo) : undefined,
      });
    }
  }
  return rows;
}

/** A point of a learning curve: mean over seeds and its 95% bootstrap CI. */
export interface CurvePoint {
  env: string;
  label: string;
  steps: number;
  mean: number;
  lo: number;
  hi: number;
  seeds: number;
}

/** One seed's evaluation, at the interval boundary it belongs to (drawn as a thin line under the mean). */
export interface SeedCurvePoint {
  env: string;
  label: string;
  seed: number;
  steps: number;
  mean: number;
}

/**
 * Where an evaluation sits on the x axis: the interval boundary it was run for,
 * floor(steps / interval) x interval. An evaluation runs at the end of the
 * episode that crosses a boundary, and the next boundary is the first one past
 * it, so no two evaluations of a run share a point, and none lies past the budget.
 */
export const evaluationPoint = (steps: number, interval: number) => Math.max(1, Math.floor(steps / interval)) * interval;

/** Each seed's learning curve, evaluation by evaluation. */
export function seedCurves(runs: RunData[]): SeedCurvePoint[] {
  return runs.flatMap((r) =>
    r.evaluations.map((e) => ({ env: r.run.env, label: r.run.label, seed: r.run.seed, steps: evaluationPoint(e.steps, r.run.config.evalInterval), mean: e.mean })),
  );
}

/**
 * Learning curves (paper fig. 3): each point is the mean over the seeds that
 * have an evaluation there (each seed once), with a 95% CI.
 */
export function learningCurves(runs: RunData[]): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (const [env, byLabel] of groupRuns(runs)) {
    for (const [label, group] of byLabel) {
      const byStep = new Map<number, number[]>();
      for (const p of seedCurves(group)) byStep.set(p.steps, [...(byStep.get(p.steps) ?? []), p.mean]);
      for (const [steps, means] of [...byStep].sort((a, b) => a[0] - b[0])) {
        const ci = bootstrapMeanCi(means, steps);
        points.push({ env, label, steps, mean: meanStd(means).mean, ...ci, seeds: means.length });
      }
    }
  }
  return points;
}

/** A command-sweep point: asked vs achieved, mean over the seeds' generators with a 95% CI. */
export interface SweepPoint {
  env: string;
  label: string;
  asked: number;
  achieved: number;
  lo: number;
  hi: number;
  seeds: number;
}

/** The command sweep (paper fig. 6) over the finished GoGePo runs of each group. */
export function commandSweeps(runs: RunData[]): SweepPoint[] {
  const points: SweepPoint[] = [];
  for (const [env, byLabel] of groupRuns(runs)) {
    for (const [label, group] of byLabel) {
      const sweeps = group.flatMap((r) => (r.sweep ? [r.sweep] : []));
      if (sweeps.length === 0) continue;
      sweeps[0].rows.forEach((row, i) => {
        const achieved = sweeps.map((s) => s.rows[i].achieved);
        points.push({ env, label, asked: row.asked, achieved: meanStd(achieved).mean, ...bootstrapMeanCi(achieved, i), seeds: achieved.length });
      });
    }
  }
  return points;
}

/** Returns in the report: one decimal everywhere, so that numbers in one table compare at a glance. */
export const fmt = (x: number | undefined) => (x === undefined ? '' : x.toFixed(1));

/** "93.3 ± 0.1", "93.3" when one run has finished (no spread yet), or "-" when none has. */
export function meanStdText(m: { mean?: number; std?: number } | undefined): string {
  if (m?.mean === undefined) return '-';
  return m.std === undefined ? fmt(m.mean) : `${fmt(m.mean)} ± ${fmt(m.std)}`;
}

/** The paper's numbers as printed there ("980 ± 40"). */
export function paperText(p: { mean: number; std: number } | undefined): string {
  return p ? `${p.mean} ± ${p.std}` : '-';
}

export function toCsv(header: string[], rows: (string | number | undefined)[][]): string {
  const cell = (v: string | number | undefined) => (v === undefined ? '' : typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [header.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n') + '\n';
}
