import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs `node main ...args`, sends Ctrl-C (SIGINT) once the run directory `out`
 * has logged more than `episodes` episodes, and resolves with the exit code and stdout.
 */
export async function interruptAfterEpisodes(main: string, args: string[], out: string, episodes: number): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [main, ...args]);
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  const poll = setInterval(() => {
    const log = join(out, 'episodes.jsonl');
    if (existsSync(log) && readFileSync(log, 'utf8').split('\n').length > episodes) {
      clearInterval(poll);
      child.kill('SIGINT');
    }
  }, 50);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(poll);
  return { code, stdout };
}
