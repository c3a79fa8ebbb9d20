import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSvg } from '@gogepo/viewer/svg';
import { ConfigError, mean, readEvaluations, readSweepFile, RunDirectory, runPaths, runStatus, writeFileAtomic } from '@gogepo/core';
import { printedCommand } from '@gogepo/core/cli';

type Spec = Parameters<typeof renderSvg>[0];
type Episode = { episode: number; steps: number; return: number; command?: number; predictedReturn?: number; evaluatorLoss?: number; generatorLoss?: number };

/** The mark that says a page is `gogepo show`'s own (it may be rewritten without --force). */
const MARK = '<meta name="generator" content="gogepo show">';

/** Means over at most `bins` consecutive groups of episodes, so that long runs plot quickly. */
export function binEpisodes(episodes: Episode[], bins = 400): Episode[] {
  const size = Math.max(1, Math.ceil(episodes.length / bins));
  const out: Episode[] = [];
  for (let i = 0; i < episodes.length; i += size) {
    const group = episodes.slice(i, i + size);
    const avg = (key: keyof Episode) => {
      const xs = group.map((e) => e[key]).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
      return xs.length > 0 ? mean(xs) : undefined;
    };
    out.push({ episode: group.at(-1)!.episode, steps: group.at(-1)!.steps, return: avg('return')!, command: avg('command'), predictedReturn: avg('predictedReturn'), evaluatorLoss: avg('evaluatorLoss'), generatorLoss: avg('generatorLoss') });
  }
  return out;
}

const size = { width: 460, height: 240 };

/** Long-form rows for a multi-series line chart. */
const series = (rows: Episode[], keys: [keyof Episode, string][]) =>
  rows.flatMap((r) => keys.filter(([k]) => typeof r[k] === 'number').map(([k, name]) => ({ steps: r.steps, value: r[k] as number, series: name })));

function lines(title: string, values: { steps: number; value: number; series: string }[], yTitle: string, log = false): Spec {
  return {
    ...size, title, data: { values },
    mark: { type: 'line', interpolate: 'linear' },
    encoding: {
      x: { field: 'steps', type: 'quantitative', title: 'environment steps' },
      y: { field: 'value', type: 'quantitative', title: yTitle, ...(log ? { scale: { type: 'log' } } : {}) },
      color: { field: 'series', type: 'nominal', title: null },
    },
  } as Spec;
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The run's episodes.jsonl, parsed. */
export function readEpisodes(dir: string): Episode[] {
  const path = runPaths(dir).episodes;
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Episode);
}

/**
 * `gogepo show DIR`: one self-contained HTML page of a run (learning curve,
 * GoGePo's diagnostics over training, commands vs achieved returns, the
 * command sweep if there is one, the config) and a short summary on stdout.
 */
export async function show(dir: string, opts: { out?: string; force?: boolean }): Promise<string> {
  if (!existsSync(runPaths(dir).config)) throw new ConfigError(`show: ${dir} is not a run directory (no config.json)`);
  const out = opts.out ?? join(dir, 'show.html');
  if (existsSync(out) && !opts.force && !readFileSync(out, 'utf8').includes(MARK)) throw new ConfigError(`show: ${out} exists and is not a page of gogepo show; pass --force to replace it`);
  const listing = runStatus(dir);
  const { config } = RunDirectory.readConfig(dir, { record: true }); // shows runs of a user's algorithm or environment without loading its module
  const evaluations = readEvaluations(dir);
  const episodes = readEpisodes(dir);
  const binned = binEpisodes(episodes);
  const diagnostics = episodes.some((e) => typeof e.evaluatorLoss === 'number');
  const figures: { title: string; spec: Spec }[] = [];
  figures.push({
    title: 'Learning curve',
    spec: lines('Evaluation return (mean of the evaluation episodes) and training return', [
      ...evaluations.map((e) => ({ steps: e.steps, value: e.mean, series: 'evaluation' })),
      ...series(binned, [['return', 'training episodes (binned mean)']]),
    ], 'return'),
  });
  if (binned.some((e) => e.command !== undefined)) {
    figures.push({ title: 'Commands vs achieved returns', spec: lines('The command asked in each training episode, and the return achieved', series(binned, [['command', 'command'], ['return', 'achieved return']]), 'return') });
  }
  if (diagnostics) {
    figures.push({ title: "Evaluator's prediction vs achieved return", spec: lines("V's prediction of each new policy before it ran, and its return", series(binned, [['predictedReturn', 'predicted by V'], ['return', 'achieved']]), 'return') });
    figures.push({ title: 'Losses', spec: lines('Mean loss of the episode\'s update steps (squared return units)', series(binned, [['evaluatorLoss', 'evaluator V'], ['generatorLoss', 'generator G']]).filter((r) => r.value > 0), 'loss (log scale)', true) });
  }
  const sweep = readSweepFile(dir);
  if (sweep) {
    figures.push({
      title: 'Command sweep',
      spec: {
        ...size, title: 'Asked vs achieved return (gogepo sweep)',
        layer: [
          { data: { values: sweep.rows }, mark: { type: 'line', point: true }, encoding: { x: { field: 'asked', type: 'quantitative', title: 'asked return' }, y: { field: 'achieved', type: 'quantitative', title: 'achieved return' } } },
          { data: { values: [{ x: sweep.rows[0].asked, y: sweep.rows[0].asked }, { x: sweep.rows.at(-1)!.asked, y: sweep.rows.at(-1)!.asked }] }, mark: { type: 'line', strokeDash: [4, 4], color: 'grey' }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } },
        ],
      } as Spec,
    });
  }
  const svgs = await Promise.all(figures.map((f) => renderSvg(f.spec)));
  const recent = episodes.slice(-100);
  const summary = [
    `${dir}: ${listing.algo} on ${listing.env}, seed ${listing.seed}, ${listing.state}, ${listing.steps}/${listing.budget} steps, ${episodes.length} episodes`,
    `  last evaluation ${listing.lastEvaluation?.toFixed(1) ?? '-'}, final return ${listing.finalReturn?.toFixed(1) ?? '-'}, best training return ${episodes.length > 0 ? Math.max(...episodes.map((e) => e.return)).toFixed(1) : '-'}`,
    ...(diagnostics
      ? [`  last ${recent.length} episodes: mean |V's prediction - return| ${mean(recent.map((e) => Math.abs((e.predictedReturn ?? NaN) - e.return))).toFixed(1)}, evaluator loss ${mean(recent.map((e) => e.evaluatorLoss ?? NaN)).toExponential(2)}, generator loss ${mean(recent.map((e) => e.generatorLoss ?? NaN)).toExponential(2)}`]
      : []),
  ];
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">${MARK}<title>${escapeHtml(`${listing.env} ${listing.algo} s${listing.seed}`)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}figure{display:inline-block;margin:0 1em 1em 0}pre{background:#f6f6f6;padding:1em;overflow:auto}#summary{white-space:pre-wrap;overflow-wrap:anywhere}</style></head>
<body><h1>${escapeHtml(`${listing.algo} on ${listing.env}, seed ${listing.seed}`)}</h1>
<pre id="summary">${escapeHtml(summary.join('\n'))}</pre>
${figures.map((f, i) => `<figure><figcaption><b>${escapeHtml(f.title)}</b></figcaption>${svgs[i]}</figure>`).join('\n')}
<h2>Config</h2><pre id="config">${escapeHtml(JSON.stringify(config, null, 2))}</pre>
<p>Watch it: <code>${escapeHtml(printedCommand('gogepo', ['view', dir]))}</code></p>
</body></html>
`;
  writeFileAtomic(out, html);
  for (const line of summary) console.log(line);
  console.log(`wrote ${out} (open it in a browser)`);
  return out;
}
