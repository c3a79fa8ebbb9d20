import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const module = fileURLToPath(new URL('../dist/stop-signal.js', import.meta.url));

/**
 * A process that waits on stopOnSignals and "writes its checkpoint" only when
 * this test releases it (closes its stdin): no wall-clock margin. It echoes
 * each signal it receives, so the test sends the next one only after the
 * last has been handled, and releases it only after all have been.
 */
function receive(signals: NodeJS.Signals[]): Promise<{ code: number | null; out: string }> {
  const script = `import { stopOnSignals } from ${JSON.stringify(module)};
    const stop = stopOnSignals('stopping');
    stop.signal.then(() => console.log('stop asked'));
    for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => console.log('got ' + s));
    process.stdin.resume();
    process.stdin.on('end', () => { console.log('checkpoint written'); process.exit(0); });
    console.log('ready');`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let sent = 0;
  const next = () => (sent < signals.length ? child.kill(signals[sent++]) : child.stdin.end());
  child.stdout.on('data', (d) => {
    const before = out.split('\n').filter((l) => l === 'ready' || l.startsWith('got ')).length;
    out += d;
    const after = out.split('\n').filter((l) => l === 'ready' || l.startsWith('got ')).length;
    for (let i = before; i < after; i++) next();
  });
  child.stdin.on('error', () => {}); // the process may be gone already (a second Ctrl-C)
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out: out.split('\n').filter((l) => !l.startsWith('got ')).join('\n') })));
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
