import type { Report } from './report.js';
import { meanStdText, paperText } from './tables.js';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** index.html: one self-contained page (inline CSS and SVG, no scripts, nothing fetched). */
export function reportHtml(report: Report): string {
  const rows = report.table
    .map((r) =>
      `<tr><td>${escape(r.env)}</td><td>${escape(r.label)}</td><td>${r.steps}</td><td>${r.finished}/${r.planned}</td>` +
      `<td>${escape(meanStdText(r))}</td><td>${escape(r.perSeed.map((p) => p.finalReturn.toFixed(1)).join(' / ') || '-')}</td><td>${escape(paperText(r.paper))}</td></tr>`,
    )
    .join('\n');
  const figures = report.figures
    .map((f) => `<figure id="${escape(f.id)}">\n<h3>${escape(f.title)}</h3>\n${f.svg}\n<figcaption>${escape(f.caption)}</figcaption>\n</figure>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>gogepo bench report: ${escape(report.suite.name)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: left; white-space: nowrap; }
th { background: #f3f3f3; }
figure { margin: 2rem 0; }
figcaption { color: #555; font-size: 0.9rem; max-width: 40rem; }
</style>
</head>
<body>
<h1>gogepo bench report: suite <code>${escape(report.suite.name)}</code></h1>
<p>${escape(report.suite.description)}</p>
<p>${report.runs.finished} of ${report.runs.planned} runs finished.</p>
<h2>Table 1: final return</h2>
<p>Final return = mean of the last 20 evaluations of a run; mean ± std over its finished seeds. The paper ran 20 seeds at its full budgets.</p>
<table id="table1">
<thead><tr><th>environment</th><th>algorithm</th><th>steps</th><th>runs finished</th><th>final return</th><th>per seed</th><th>paper (table 1)</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<h2>Figures</h2>
${figures}
</body>
</html>
`;
}
