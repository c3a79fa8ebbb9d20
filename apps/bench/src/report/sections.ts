import { formatDuration } from '@gogepo/core';
import type { Interval } from './aggregate.js';
import type { Report } from './report.js';
import { fmt, meanStdText, paperText } from './tables.js';

/** A table of the report, rendered by both report.md and index.html. */
export interface ReportTable {
  id: string;
  title: string;
  intro: string;
  header: string[];
  rows: string[][];
}

const interval = (i: Interval, digits = 1) => `${i.value.toFixed(digits)} [${i.lo.toFixed(digits)}, ${i.hi.toFixed(digits)}]`;

/** The lines that say where the report's numbers came from. */
export function provenanceLines(report: Report): string[] {
  const p = report.provenance;
  const list = (xs: string[]) => (xs.length > 0 ? xs.join('; ') : 'none yet');
  return [
    `Written ${p.writtenAt} by gogepo-bench ${p.tool} (commit ${p.commit ?? 'not a git checkout'}) on ${p.machine}.`,
    `Runs made with: tool version ${list(p.runs.versions)}; backend ${list(p.runs.backends)}; commit ${list(p.runs.commits)}; machine ${list(p.runs.machines)}.`,
    `${report.runs.finished} of ${report.runs.planned} runs finished.`,
  ];
}

export function reportTables(report: Report): ReportTable[] {
  const s = report.statistics;
  const tables: ReportTable[] = [
    {
      id: 'table1', title: 'Table 1: final return',
      intro: 'Final return = mean of the last 20 evaluations of a run; mean ± sample std over its finished seeds, and each seed. The paper ran 20 seeds at its full budgets.',
      header: ['environment', 'algorithm', 'steps', 'runs finished', 'final return', 'per seed', 'paper (table 1)'],
      rows: report.table.map((r) => [
        r.env, r.label, String(r.steps), `${r.finished}/${r.planned}`, meanStdText(r),
        r.perSeed.map((p) => fmt(p.finalReturn)).join(' / ') || '-', paperText(r.paper),
      ]),
    },
    {
      id: 'statistics-env', title: 'Statistics per environment',
      intro: 'Mean and interquartile mean (IQM: the mean of the middle 50% of runs; with fewer than 4 runs nothing is cut and it equals the mean) of the final returns, each with its 95% bootstrap CI [low, high] (Agarwal et al., NeurIPS 2021). With 3 seeds these intervals are wide and close to the range of the seeds.',
      header: ['environment', 'algorithm', 'runs', 'mean [95% CI]', 'IQM [95% CI]'],
      rows: s.perEnv.map((r) => [r.env, r.label, String(r.runs), interval(r.mean), interval(r.iqm)]),
    },
    {
      id: 'statistics-normalised', title: 'Across environments (normalised)',
      intro: `Mean and IQM of normalised final returns over all finished runs of the environments listed, with 95% stratified-bootstrap CIs (runs resampled within each environment); ${report.normalisation}.`,
      header: ['algorithm', 'environments', 'runs', 'mean [95% CI]', 'IQM [95% CI]'],
      rows: s.overall.map((r) => [r.label, r.envs.join(', '), String(r.runs), interval(r.mean, 2), interval(r.iqm, 2)]),
    },
    {
      id: 'statistics-improvement', title: 'Probability of improvement',
      intro: 'P(X > Y): the probability that a run of X beats a run of Y on an environment both ran, averaged over those environments (Mann-Whitney U; ties count one half), with a 95% stratified-bootstrap CI. P(Y > X) = 1 - P(X > Y).',
      header: ['X', 'Y', 'environments', 'P(X > Y) [95% CI]'],
      rows: s.improvement.map((r) => [r.x, r.y, r.envs.join(', '), interval(r.p, 2)]),
    },
    {
      id: 'runs', title: 'Runs',
      intro: 'Every planned run: its state, steps, final return, training wall time, and how it was made (from its config.json).',
      header: ['run', 'state', 'steps', 'final return', 'wall time', 'backend', 'version', 'commit'],
      rows: report.runRows.map((r) => [
        r.id, r.state, String(r.steps), r.finalReturn === undefined ? '-' : fmt(r.finalReturn),
        r.wallSeconds === undefined ? '-' : formatDuration(r.wallSeconds), r.backend ?? '-', r.version ?? '-', shortCommit(r.commit),
      ]),
    },
  ];
  return tables.filter((t) => t.rows.length > 0 || t.id === 'table1');
}

/** A commit as git shows it short (12 hex digits are unique in any repository of this size); the full one is in the run's config.json. */
function shortCommit(commit: string | undefined): string {
  return commit === undefined ? '-' : commit.replace(/^([0-9a-f]{12})[0-9a-f]+/, '$1');
}
