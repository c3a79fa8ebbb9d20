import type { Report } from './report.js';
import { provenanceLines, reportTables, type ReportTable } from './sections.js';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Escaped text, with `code` spans (the suite descriptions use Markdown's) as <code>. */
const text = (s: string) => escape(s).replace(/`([^`]+)`/g, '<code>$1</code>');

function tableHtml(t: ReportTable): string {
  const head = t.header.map((h) => `<th>${text(h)}</th>`).join('');
  const body = t.rows.map((r) => `<tr>${r.map((c) => `<td>${text(c)}</td>`).join('')}</tr>`).join('\n');
  return `<h2>${text(t.title)}</h2>\n<p>${text(t.intro)}</p>\n<div class="table">\n<table id="${t.id}">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>\n</div>`;
}

/** index.html: one self-contained page (inline CSS and SVG, no scripts, nothing fetched). */
function videosHtml(report: Report): string {
  const { videos, viewers, skipped } = report.videos;
  if (videos.length === 0 && viewers.length === 0) return '';
  return `<h2 id="videos">The generators at work</h2>
${videos.map((v) => `<figure><h3>${text(v.env)}</h3><img src="${v.dataUri}" alt="${escape(v.run)}" width="360"><figcaption>${text(v.caption)}</figcaption></figure>`).join('\n')}
${skipped ? `<p>No clips: ${text(skipped)}</p>` : ''}
<p>Watch any GoGePo run live, with a return slider:</p>
<pre id="viewers">${viewers.map((v) => escape(v.command)).join('\n')}</pre>`;
}

export function reportHtml(report: Report): string {
  const tables = new Map(reportTables(report).map((t) => [t.id, tableHtml(t)]));
  const section = (id: string) => tables.get(id) ?? '';
  const figures = report.figures
    .map((f) => `<figure id="${escape(f.id)}">\n<h3>${text(f.title)}</h3>\n${f.svg}\n<figcaption>${text(f.caption)}</figcaption>\n</figure>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>gogepo bench report: ${escape(report.suite.name)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 80rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
p { max-width: 52rem; } /* the tables get the width; the text keeps a readable measure */
div.table { max-width: 100%; overflow-x: auto; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: left; white-space: nowrap; }
#runs td:nth-child(6) { white-space: normal; min-width: 12rem; } /* the backend: long, and free to wrap */
th { background: #f3f3f3; }
figure { margin: 2rem 0; }
figcaption { color: #555; font-size: 0.9rem; max-width: 44rem; }
.provenance { color: #555; font-size: 0.9rem; }
</style>
</head>
<body>
<h1>gogepo bench report: suite <code>${escape(report.suite.name)}</code></h1>
<p>${text(report.suite.description)}</p>
<div class="provenance" id="provenance">
${provenanceLines(report).map((l) => `<p>${text(l)}</p>`).join('\n')}
</div>
${section('table1')}
${section('statistics-env')}
${section('statistics-normalised')}
${section('statistics-improvement')}
<h2>Figures</h2>
${figures}
${videosHtml(report)}
${section('runs')}
</body>
</html>
`;
}
