import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@gogepo/core';
import { collectBench, groupRuns, type BenchData } from './collect.js';
import { curvesSpec, policyMapSpec, renderSvg, sweepSpec } from './figures.js';
import { reportHtml } from './html.js';
import { reportMarkdown } from './markdown.js';
import { commandSweeps, learningCurves, table1, toCsv, type Table1Row } from './tables.js';

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
  figures: Figure[];
  /** Runs planned / finished / failed or not yet run, for the status line. */
  runs: { planned: number; finished: number };
  files: string[];
}

const slug = (s: string) => s.replace(/[^A-Za-z0-9.-]+/g, '-');

/**
 * Turns a bench directory into the paper's comparison, in `<benchDir>/report`:
 * report.md, index.html (self-contained), table1.csv, curves.csv, sweep.csv and
 * one SVG per figure. Works on a bench that is still running (with what exists).
 */
export async function writeReport(benchDir: string, outDir = join(benchDir, 'report')): Promise<Report> {
  const data = collectBench(benchDir);
  const table = table1(data.runs);
  const curves = learningCurves(data.runs);
  const sweeps = commandSweeps(data.runs);
  const figures: Figure[] = [];

  for (const env of groupRuns(data.runs).keys()) {
    const envCurves = curves.filter((p) => p.env === env);
    if (envCurves.length > 0) {
      figures.push({
        id: `curves-${slug(env)}`, file: `curves-${slug(env)}.svg`, title: `Learning curves, ${env}`,
        caption: `Mean evaluation return (each evaluation: ${data.runs.find((r) => r.run.env === env)!.run.config.evalEpisodes} deterministic test episodes) over seeds, with the 95% bootstrap confidence interval of the mean (paper fig. 3).`,
        svg: await renderSvg(curvesSpec(env, envCurves)),
      });
    }
    const envSweeps = sweeps.filter((p) => p.env === env);
    if (envSweeps.length > 0) {
      figures.push({
        id: `sweep-${slug(env)}`, file: `sweep-${slug(env)}.svg`, title: `Command sweep, ${env}`,
        caption: `Return achieved by the policy each trained generator writes for an asked return (${data.suite.sweep.episodes} test episodes each), mean over seeds with a 95% bootstrap CI; the dashed diagonal is a perfect generator (paper fig. 6).`,
        svg: await renderSvg(sweepSpec(env, envSweeps)),
      });
    }
    const mapped = data.runs.filter((r) => r.run.env === env && r.policyMap).sort((a, b) => a.run.seed - b.run.seed)[0];
    if (mapped) {
      const map = mapped.policyMap!;
      figures.push({
        id: `policy-map-${slug(env)}`, file: `policy-map-${slug(env)}.svg`, title: `Policy map, ${env} (${mapped.run.id})`,
        caption: `PCA of the probing actions (the final evaluator's fingerprint) of ${map.bufferPolicies} of the ${map.bufferLength} policies in the buffer, coloured by return, with the policies the generator writes for ${data.suite.policyMap.commands} commands at ${new Set(map.generated.map((g) => g.steps)).size} stages of training (paper fig. 5).`,
        svg: await renderSvg(policyMapSpec(`${env}: policy map of ${mapped.run.id}`, map)),
      });
    }
  }

  mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  const write = (name: string, text: string) => {
    writeFileAtomic(join(outDir, name), text);
    files.push(join(outDir, name));
  };
  const report: Report = {
    dir: outDir, suite: data.suite, table, figures, files,
    runs: { planned: data.runs.length, finished: data.runs.filter((r) => r.summary).length },
  };
  write('table1.csv', toCsv(
    ['env', 'algorithm', 'steps', 'finished_runs', 'planned_runs', 'final_return_mean', 'final_return_std', 'paper_mean', 'paper_std'],
    table.map((r) => [r.env, r.label, r.steps, r.finished, r.planned, r.mean, r.std, r.paper?.mean, r.paper?.std]),
  ));
  write('curves.csv', toCsv(['env', 'algorithm', 'steps', 'mean', 'ci_low', 'ci_high', 'seeds'], curves.map((p) => [p.env, p.label, p.steps, p.mean, p.lo, p.hi, p.seeds])));
  write('sweep.csv', toCsv(['env', 'algorithm', 'asked', 'achieved', 'ci_low', 'ci_high', 'seeds'], sweeps.map((p) => [p.env, p.label, p.asked, p.achieved, p.lo, p.hi, p.seeds])));
  for (const f of figures) write(f.file, f.svg);
  write('report.md', reportMarkdown(report));
  write('index.html', reportHtml(report));
  return report;
}
