/**
 * How fast the command line answers what needs no work: `--version`, `--help`
 * and a usage error, against bare Node (`node -e 0`), as medians of repeated
 * runs. The goal: within 3x of bare Node.
 *
 *   node apps/cli/dist/bench/startup.js [runs]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 15);
const cli = fileURLToPath(new URL('../main.js', import.meta.url));
const bench = fileURLToPath(new URL('../../../bench/dist/main.js', import.meta.url));

function median(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    spawnSync(process.execPath, args, { stdio: 'ignore' });
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

const bare = median(['-e', '0']);
const rows: [string, string[]][] = [
  ['gogepo --version', [cli, '--version']],
  ['gogepo --help', [cli, '--help']],
  ['gogepo train --steps 2.5 (a usage error)', [cli, 'train', '--env', 'Hopper-v3', '--steps', '2.5']],
  ['gogepo-bench --version', [bench, '--version']],
  ['gogepo-bench --help', [bench, '--help']],
];
console.log(`median of ${runs} runs; bare node -e 0: ${bare.toFixed(0)} ms`);
console.log('| command | ms | x bare node |');
console.log('| --- | --- | --- |');
for (const [name, args] of rows) {
  const ms = median(args);
  console.log(`| ${name} | ${ms.toFixed(0)} | ${(ms / bare).toFixed(1)} |`);
}
