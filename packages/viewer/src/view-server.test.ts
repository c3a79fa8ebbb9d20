import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startViewer } from './view-server.js';
import { thetaHash } from './theta-hash.js';

describe('the viewer server', () => {
  it('serves a policy file on loopback: the page, its assets from the packages, the models, and the policy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-viewer-'));
    const file = join(dir, 'policy.json');
    const layout = { observationSize: 2, actionSize: 1, hidden: [4], hiddenActivation: 'tanh' };
    const theta = Array.from({ length: 2 * 4 + 4 + 4 + 1 }, (_, i) => (i % 5) / 10 - 0.2);
    writeFileSync(file, JSON.stringify({ format: 'gogepo-policy/1', env: 'MountainCarContinuous-v0', layout, actionHigh: [1], observationMean: [0, 0], observationStd: [1, 1], theta }));
    const viewer = await startViewer(file, { port: 0, backend: 'cpu' });
    try {
      expect(viewer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const get = (path: string) => fetch(new URL(path, viewer.url));
      const info = (await (await get('/api/info')).json()) as { generator?: unknown };
      expect(info).toMatchObject({ env: 'MountainCarContinuous-v0', layout, policy: { theta, mean: [0, 0], std: [1, 1] } });
      expect(info.generator).toBeUndefined();
      expect((await get('/')).headers.get('content-type')).toMatch(/text\/html/);
      expect((await get('/assets/mujoco.wasm')).headers.get('content-type')).toBe('application/wasm');
      expect(await (await get('/models/hopper.xml')).text()).toContain('<mujoco');
      expect((await get('/models/../package.json')).status).toBe(404);
      expect((await get('/api/snapshot/final')).status).toBe(404);
    } finally {
      await viewer.close();
    }
    await expect(startViewer(join(dir, 'missing'), { port: 0, backend: 'cpu' })).rejects.toThrow(/does not exist/);
    const own = join(dir, 'own.json');
    writeFileSync(own, readFileSync(file, 'utf8').replace('MountainCarContinuous-v0', 'MyTask-v0'));
    await expect(startViewer(own, { port: 0, backend: 'cpu' })).rejects.toThrow(/^view: MyTask-v0 is registered by a module of yours; the viewer page knows only the built-in environments/);
  });

  it('hashes a policy as the page shows it (FNV-1a over the float32 bytes)', () => {
    expect(thetaHash(new Float32Array(0))).toBe('811c9dc5');
    expect(thetaHash(Float32Array.of(1))).not.toBe(thetaHash(Float32Array.of(-1)));
  });
});
