import type { Report } from './report.js';
import { provenanceLines, reportTables } from './sections.js';

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** report.md: the tables and the figures (as linked SVG files). */
export function reportMarkdown(report: Report): string {
  const lines = [
    `# gogepo bench report: suite \`${report.suite.name}\``,
    '',
    report.suite.description,
    '',
    ...provenanceLines(report).flatMap((l) => [l, '']),
  ];
  const tables = reportTables(report);
  const table = (id: string) => {
    const t = tables.find((x) => x.id === id);
    if (!t) return [];
    return [
      `## ${t.title}`, '', t.intro, '',
      `| ${t.header.join(' | ')} |`, `| ${t.header.map(() => '---').join(' | ')} |`,
      ...t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`), '',
    ];
  };
  lines.push(...table('table1'), ...table('statistics-env'), ...table('statistics-normalised'), ...table('statistics-improvement'));
  lines.push('## Figures', '', ...report.figures.flatMap((f) => [`### ${f.title}`, '', `![${f.title}](${f.file})`, '', f.caption, '']));
  const { videos, viewers, skipped } = report.videos;
  if (videos.length > 0 || viewers.length > 0) {
    lines.push('## The generators at work', '', ...videos.flatMap((v) => [`### ${v.env}`, '', `![${v.run}](${v.file})`, '', v.caption, '']));
    if (skipped) lines.push(`No clips: ${skipped}`, '');
    lines.push('Watch any GoGePo run live, with a return slider:', '', '```sh', ...viewers.map((v) => v.command), '```', '');
  }
  lines.push(...table('runs'));
  lines.push('Data: `table1.csv`, `statistics.csv`, `runs.csv`, `curves.csv`, `sweep.csv`; the page `index.html` holds all of this in one file.', '');
  return lines.join('\n');
}
