import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@gogepo/core';
import { collectBench, groupRuns, loadBenchModules, type BenchData } from './collect.js';
import { curvesSpec, labelColours, policyMapSpec, profileSpec, renderSvg, sweepSpec } from './figures.js';
import { reportHtml } from './html.js';
import { reportMarkdown } from './markdown.js';
import { normalisationText } from './paper.js';
import { provenanceOf, runRows, type ReportProvenance, type RunRow } from './provenance.js';
import { statistics, type Statistics } from './statistics.js';
import { bestSeedVideos, type Videos } from './videos.js';
import { commandSweeps, learningCurves, seedCurves, table1, toCsv, type Table1Row } from './tables.js';

/** One figure of the report: an SVG file and its caption. */
export interface Figure {
  id: string;
  file: string;
  title: string;
  caption: string;
  svg: string;
}

export interface Report {
  dir: string;
  suite: BenchData['suite'];
  table: Table1Row[];
  statistics: Statistics;
  /** The statistics' normalisation, in words. */
  normalisation: string;
  figures: Figure[];
  runRows: RunRow[];
  /** GIFs of each environment's best generator, and the viewer command of every GoGePo run. */
  videos: Videos;
  provenance: ReportProvenance;
  /** Runs planned / finished / failed or not yet run, for the status line. */
  runs: { planned: number; finished: number };
  files: string[];
}

const slug = (s: string) => s.replace(/[^A-Za-z0-9.-]+/g, '-');

/** The finished run with the median final return (the lower median for an even count; ties by seed). */
export function medianRun<T extends { summary?: { finalReturn: number }; run: { seed: number } }>(runs: T[]): T | undefined {
  const sorted = [...runs].sort((a, b) => a.summary!.finalReturn - b.summary!.finalReturn || a.run.seed - b.run.seed);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/**
 * Turns a bench directory into the paper's comparison, in `<benchDir>/report`:
 * report.md, index.html (self-contained), table1.csv, curves.csv, sweep.csv and
 * one SVG per figure. Works on a bench that is still running (with what exists).
 */
export async function writeReport(benchDir: string, outDir = join(benchDir, 'report'), options: { videos?: boolean; modules?: readonly string[] } = {}): Promise<Report> {
  await loadBenchModules(benchDir, options.modules ?? []);
  const data = collectBench(benchDir);
  const table = table1(data.runs);
  const curves = learningCurves(data.runs);
  const sweeps = commandSweeps(data.runs);
  const seeds = seedCurves(data.runs);
  const stats = statistics(data.runs);
  const colours = labelColours([...new Set(data.runs.map((r) => r.run.label))]);
  const figures: Figure[] = [];

  for (const env of groupRuns(data.runs).keys()) {
    const envCurves = curves.filter((p) => p.env === env);
    if (envCurves.length > 0) {
      figures.push({
        id: `curves-${slug(env)}`, file: `curves-${slug(env)}.svg`, title: `Learning curves, ${env}`,
        caption: `Evaluation return (each evaluation: ${data.runs.find((r) => r.run.env === env)!.run.config.evalEpisodes} deterministic test episodes), evaluation k of every seed at k × the evaluation interval: the mean over seeds (thick line) with the 95% bootstrap confidence interval of the mean (band) and each seed's own curve (thin lines). With 3 seeds the band is close to their range (paper fig. 3).`,
        svg: await renderSvg(curvesSpec(env, envCurves, seeds.filter((p) => p.env === env), colours)),
      });
    }
    const envSweeps = sweeps.filter((p) => p.env === env);
    if (envSweeps.length > 0) {
      figures.push({
        id: `sweep-${slug(env)}`, file: `sweep-${slug(env)}.svg`, title: `Command sweep, ${env}`,
        caption: `Return achieved by the policy each trained generator writes for an asked return (${data.suite.sweep.episodes} test episodes each), mean over seeds with a 95% bootstrap CI; the dashed diagonal is a perfect generator (paper fig. 6).`,
        svg: await renderSvg(sweepSpec(env, envSweeps, colours)),
      });
    }
    const mapped = medianRun(data.runs.filter((r) => r.run.env === env && r.policyMap && r.summary));
    if (mapped) {
      const map = mapped.policyMap!;
      figures.push({
        id: `policy-map-${slug(env)}`, file: `policy-map-${slug(env)}.svg`, title: `Policy map, ${env} (${mapped.run.id}, the median-final-return seed)`,
        caption: `The run whose final return is the median of its group's (${mapped.summary!.finalReturn.toFixed(1)}). PCA of the probing actions (the final evaluator's fingerprint) of ${map.bufferPolicies} of the ${map.bufferLength} policies in the buffer, coloured by the return each achieved, and of the policies the generator writes for ${data.suite.policyMap.commands} commands at ${new Set(map.generated.map((g) => g.steps)).size} stages of training, coloured by the return asked (a separate scale). Both axes have the same scale (paper fig. 5).`,
        svg: await renderSvg(policyMapSpec(`${env}: policy map of ${mapped.run.id}`, map)),
      });
    }
  }

  if (stats.profile.length > 0) {
    figures.push({
      id: 'performance-profiles', file: 'performance-profiles.svg', title: 'Performance profiles',
      caption: `Fraction of finished runs (all environments pooled) whose normalised final return exceeds τ, with a pointwise 95% stratified-bootstrap band (Agarwal et al. 2021); ${normalisationText}.`,
      svg: await renderSvg(profileSpec(stats.profile, colours)),
    });
  }

  mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  const write = (name: string, text: string) => {
    writeFileAtomic(join(outDir, name), text);
    files.push(join(outDir, name));
  };
  const rows = runRows(data.runs);
  const videos: Videos = options.videos === false ? { videos: [], viewers: [], skipped: 'not asked for (--no-videos)' } : await bestSeedVideos(data.runs, outDir, data.suite.require);
  for (const v of videos.videos) files.push(join(outDir, v.file));
  const report: Report = {
    dir: outDir, suite: data.suite, table, statistics: stats, normalisation: normalisationText, figures, files, runRows: rows, videos, provenance: provenanceOf(data.runs),
    runs: { planned: data.runs.length, finished: data.runs.filter((r) => r.summary).length },
  };
  write('table1.csv', toCsv(
    ['env', 'algorithm', 'steps', 'finished_runs', 'planned_runs', 'final_return_mean', 'final_return_std', 'per_seed', 'paper_mean', 'paper_std'],
    table.map((r) => [r.env, r.label, r.steps, r.finished, r.planned, r.mean, r.std, r.perSeed.map((p) => `s${p.seed}:${p.finalReturn}`).join(' '), r.paper?.mean, r.paper?.std]),
  ));
  write('runs.csv', toCsv(
    ['run', 'env', 'algorithm', 'seed', 'state', 'steps', 'final_return', 'wall_seconds', 'backend', 'version', 'commit', 'machine'],
    rows.map((r) => [r.id, r.env, r.label, r.seed, r.state, r.steps, r.finalReturn, r.wallSeconds, r.backend, r.version, r.commit, r.machine]),
  ));
  write('statistics.csv', toCsv(
    ['scope', 'algorithm', 'env', 'runs', 'statistic', 'value', 'ci_low', 'ci_high'],
    [
      ...stats.perEnv.flatMap((r) => [
        ['environment', r.label, r.env, r.runs, 'mean', r.mean.value, r.mean.lo, r.mean.hi],
        ['environment', r.label, r.env, r.runs, 'iqm', r.iqm.value, r.iqm.lo, r.iqm.hi],
      ]),
      ...stats.overall.flatMap((r) => [
        ['normalised', r.label, r.envs.join(' '), r.runs, 'mean', r.mean.value, r.mean.lo, r.mean.hi],
        ['normalised', r.label, r.envs.join(' '), r.runs, 'iqm', r.iqm.value, r.iqm.lo, r.iqm.hi],
      ]),
      ...stats.improvement.map((r) => ['improvement', `${r.x} > ${r.y}`, r.envs.join(' '), undefined, 'probability', r.p.value, r.p.lo, r.p.hi]),
    ],
  ));
  write('curves.csv', toCsv(['env', 'algorithm', 'steps', 'mean', 'ci_low', 'ci_high', 'seeds'], curves.map((p) => [p.env, p.label, p.steps, p.mean, p.lo, p.hi, p.seeds])));
  write('sweep.csv', toCsv(['env', 'algorithm', 'asked', 'achieved', 'ci_low', 'ci_high', 'seeds'], sweeps.map((p) => [p.env, p.label, p.asked, p.achieved, p.lo, p.hi, p.seeds])));
  for (const f of figures) write(f.file, f.svg);
  write('report.md', reportMarkdown(report));
  write('index.html', reportHtml(report));
  return report;
}
