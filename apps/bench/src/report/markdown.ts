import type { Report } from './report.js';
import { meanStdText, paperText } from './tables.js';

/** report.md: table 1 and the figures (as linked SVG files). */
export function reportMarkdown(report: Report): string {
  const lines = [
    `# gogepo bench report: suite \`${report.suite.name}\``,
    '',
    report.suite.description,
    '',
    `${report.runs.finished} of ${report.runs.planned} runs finished.`,
    '',
    '## Table 1: final return',
    '',
    'Final return = mean of the last 20 evaluations of a run; mean ± std over its finished seeds. The paper ran 20 seeds at its full budgets.',
    '',
    '| environment | algorithm | steps | runs finished | final return | per seed | paper (table 1) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...report.table.map((r) =>
      `| ${r.env} | ${r.label} | ${r.steps} | ${r.finished}/${r.planned} | ${meanStdText(r)} | ${r.perSeed.map((p) => p.finalReturn.toFixed(1)).join(' / ') || '-'} | ${paperText(r.paper)} |`,
    ),
    '',
    '## Figures',
    '',
    ...report.figures.flatMap((f) => [`### ${f.title}`, '', `![${f.title}](${f.file})`, '', f.caption, '']),
    'Data: `table1.csv`, `curves.csv`, `sweep.csv`; the page `index.html` holds all of this in one file.',
    '',
  ];
  return lines.join('\n');
}
