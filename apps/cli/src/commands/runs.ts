import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import Table from 'cli-table3';
import { ConfigError, findRunDirs, runStatus } from '@gogepo/core';

/** `gogepo runs DIR`: a table of the runs under a folder. */
export function listRuns(root: string): void {
  if (!existsSync(root)) throw new ConfigError(`runs: ${root} does not exist`);
  const dirs = findRunDirs(root);
  if (dirs.length === 0) {
    console.log(`no run directories under ${root}`);
    return;
  }
  const table = new Table({ head: ['run', 'algorithm', 'environment', 'seed', 'steps', 'state', 'last eval', 'final return'], style: { head: [], border: [] } });
  const number = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(1));
  for (const dir of dirs) {
    try {
      const r = runStatus(dir);
      table.push([relative(root, dir) || '.', r.algo, r.env, r.seed, `${r.steps}/${r.budget}`, r.state, number(r.lastEvaluation), number(r.finalReturn)]);
    } catch (error) {
      table.push([relative(root, dir) || '.', { colSpan: 7, content: `unreadable: ${(error as Error).message}` }]);
    }
  }
  console.log(table.toString());
  console.log(`${dirs.length} runs under ${root}`);
}
