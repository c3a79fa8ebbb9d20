import Table from 'cli-table3';
import { registry } from '@gogepo/envs';

/** `gogepo envs`: the registry as a table. */
export function envsTable(): string {
  const table = new Table({
    head: ['id', 'obs', 'act', 'action bounds', 'time limit', 'frame skip', 'dt', 'engine', 'options'],
    style: { head: [], border: [] },
  });
  for (const s of registry) {
    table.push([
      s.id, s.observationSize, s.actionSize, `[${s.actionLow}, ${s.actionHigh}]`, s.maxEpisodeSteps,
      s.frameSkip, s.dt, s.engine, s.options.join(', ') || '-',
    ]);
  }
  return table.toString();
}
