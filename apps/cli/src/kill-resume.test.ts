import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Rng } from '@gogepo/random';

/**
 * Fault injection: a run killed with SIGKILL at many moments (in start-up,
 * between and inside its checkpoint and log writes: it checkpoints after every
 * episode, and some kills leave a record or a temp file half written) and
 * resumed each time ends exactly as a run that was never killed, and no
 * resume fails. The moments are crash points counted by the process itself
 * (GOGEPO_CRASH_AT, see crash-points.ts), not timers: the test does the same
 * on a fast machine as on a loaded one.
 */
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const withoutWallTime = (text: string) => text.replace(/"wallSeconds":[\d.e+-]+/g, '');

function settings(dir: string): string {
  const path = join(dir, 'settings.json');
  const gogepo = { policyHidden: [16], headHidden: [16], evaluatorHidden: [16], probingStates: 8, generatorSteps: 3, evaluatorSteps: 2 };
  writeFileSync(path, JSON.stringify({ evalInterval: 200, evalEpisodes: 2, checkpointEpisodes: 1, gogepo }));
  return path;
}

function runOnce(args: string[], crashAt: number | undefined): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const env = { ...process.env, GOGEPO_CRASH_AT: crashAt === undefined ? '' : String(crashAt) };
  const child = spawn(process.execPath, [main, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
}

const files = (dir: string) => ({
  episodes: withoutWallTime(readFileSync(join(dir, 'episodes.jsonl'), 'utf8')),
  metrics: withoutWallTime(readFileSync(join(dir, 'metrics.jsonl'), 'utf8')),
  buffer: readFileSync(join(dir, 'buffer.f32')).toString('base64'),
  state: readFileSync(join(dir, 'checkpoint', readdirSync(join(dir, 'checkpoint')).find((f) => f.startsWith('state-'))!)).toString('base64'),
  summary: { ...JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')), wallSeconds: 0 },
});

describe('kill -9 at random moments', () => {
  it('resumes every time, and the run ends exactly as one that was never killed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-kill-'));
    const train = (out: string) => ['train', '--env', 'InvertedPendulum-v2', '--steps', '3000', '--seed', '2', '--out', out, '--config', settings(dir), '--backend', 'native'];
    const straight = join(dir, 'straight');
    expect(spawnSync(process.execPath, [main, ...train(straight)], { env: { ...process.env, GOGEPO_CRASH_AT: '' } }).status).toBe(0);

    const killed = join(dir, 'killed');
    const rng = Rng.seeded(9);
    let kills = 0;
    for (let attempt = 0; ; attempt++) {
      const args = existsSync(join(killed, 'config.json')) ? ['resume', killed, '--backend', 'native'] : train(killed);
      // the first two die writing config.json (half its temp file; then the whole temp file, not renamed), before any resume is possible
      const crashAt = attempt < 2 ? attempt + 1 : attempt < 18 ? 1 + Math.floor(rng.uniformIn(0, 150)) : undefined; // then one last uninterrupted resume
      const result = await runOnce(args, crashAt);
      if (result.signal === 'SIGKILL') {
        kills += 1;
        continue;
      }
      expect({ attempt, code: result.code, stderr: result.stderr }).toEqual({ attempt, code: 0, stderr: '' });
      if (existsSync(join(killed, 'summary.json'))) break;
    }
    expect(kills).toBeGreaterThanOrEqual(12); // the same count on every machine: a resume may finish the run before its crash point
    const [a, b] = [files(straight), files(killed)];
    expect(b.episodes).toBe(a.episodes);
    expect(b.metrics).toBe(a.metrics);
    expect(b.buffer === a.buffer).toBe(true);
    expect(b.state === a.state).toBe(true);
    expect(b.summary).toEqual(a.summary);
  }, 300_000);
});
