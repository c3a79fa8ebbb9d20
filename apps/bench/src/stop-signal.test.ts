import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const module = fileURLToPath(new URL('../dist/stop-signal.js', import.meta.url));

/** A process that waits on stopOnSignals, receives `signals` (150 ms apart), and says whether it got to finish its checkpoint. */
function receive(signals: NodeJS.Signals[]): Promise<{ code: number | null; out: string }> {
  const script = `import { stopOnSignals } from ${JSON.stringify(module)};
    const stop = stopOnSignals('stopping');
    stop.signal.then(() => console.log('stop asked'));
    console.log('ready');
    setTimeout(() => { console.log('checkpoint written'); process.exit(0); }, 1500);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    if (String(d).includes('ready')) signals.forEach((s, i) => setTimeout(() => child.kill(s), 150 * (i + 1)));
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

describe('stopOnSignals', () => {
  it("ignores a second SIGTERM (Slurm signals the job script and every process): the checkpoint is still written", async () => {
    const r = await receive(['SIGTERM', 'SIGTERM']);
    expect(r).toEqual({ code: 0, out: 'ready\nstop asked\ncheckpoint written\n' });
  });

  it('quits at once, with code 130, on a second Ctrl-C', async () => {
    const r = await receive(['SIGINT', 'SIGINT']);
    expect(r).toEqual({ code: 130, out: 'ready\nstop asked\n' });
  });
});
