import Table from 'cli-table3';
import { make, MujocoEnv, registrations, trainingFacts } from '@gogepo/envs';

const bounds = (low: Float64Array, high: Float64Array) => {
  const same = low.every((x) => x === low[0]) && high.every((x) => x === high[0]);
  return same ? `[${low[0]}, ${high[0]}]` : `[${Array.from(low).join(' ')}] .. [${Array.from(high).join(' ')}]`;
};

/** `gogepo envs`: the registered environments as a table (spaces read from a built copy of each). */
export async function envsTable(): Promise<string> {
  const table = new Table({
    head: ['id', 'obs', 'act', 'action bounds', 'time limit', 'frame skip', 'dt', 'engine', 'options', 'budget'],
    style: { head: [], border: [] },
  });
  for (const s of registrations()) {
    const env = await make(s.id);
    try {
      const mujoco = env instanceof MujocoEnv ? env : undefined;
      table.push([
        s.id, env.observationSpace.shape[0], env.actionSpace.shape[0], bounds(env.actionSpace.low, env.actionSpace.high), s.maxEpisodeSteps,
        mujoco?.frameSkip ?? 1, mujoco ? Number(mujoco.dt.toFixed(6)) : '-', s.engine ?? '-', s.options?.join(', ') || '-', trainingFacts(s).steps,
      ]);
    } finally {
      env.close();
    }
  }
  return table.toString();
}
