import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startViewer } from './view-server.js';
import { thetaHash } from './theta-hash.js';

const policyFile = {
  format: 'gogepo-policy/1', env: 'MountainCarContinuous-v0', layout: { observationSize: 2, actionSize: 1, hidden: [4], hiddenActivation: 'tanh' },
  actionHigh: [1], observationMean: [0, 0], observationStd: [1, 1], theta: Array.from({ length: 17 }, (_, i) => (i % 5) / 10 - 0.2),
};

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
    await expect(startViewer(own, { port: 0, backend: 'cpu' })).rejects.toThrow(/^view: MyTask-v0 is not an environment this gogepo knows; the viewer page knows only the built-in environments/);
  });

  it('answers every malformed request and stays up; serves only its own page for a loopback Host (DNS rebinding, other sites)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-viewer-'));
    const file = join(dir, 'policy.json');
    writeFileSync(file, JSON.stringify(policyFile));
    const viewer = await startViewer(file, { port: 0, backend: 'cpu' });
    const port = Number(new URL(viewer.url).port);
    /** One request as a socket sends it: any target, any headers. */
    const raw = (target: string, headers: Record<string, string> = { host: `127.0.0.1:${port}` }) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = httpRequest({ host: '127.0.0.1', port, path: target, headers, setHost: false }, (response) => {
          let body = '';
          response.on('data', (d) => (body += d));
          response.on('end', () => resolve({ status: response.statusCode!, body }));
        });
        request.on('error', reject);
        request.end();
      });
    try {
      for (const target of ['/%', '/%E0%A4%A', '//', 'http://[::1', '/%00', '/api/snapshot/%']) {
        expect((await raw(target)).status, target).toBeGreaterThanOrEqual(400);
      }
      // a request line HTTP cannot parse gets a 400 too
      const garbage = await new Promise<string>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => socket.end('GET /\x01 HTTP/1.1 nonsense\r\n\r\n'));
        let text = '';
        socket.on('data', (d) => (text += d));
        socket.on('close', () => resolve(text));
      });
      expect(garbage).toMatch(/^HTTP\/1\.1 400/);
      const evil = await raw('/api/info', { host: 'evil.example.com' });
      expect(evil.status).toBe(403);
      expect(evil.body).not.toContain('theta');
      expect((await raw('/api/info', { host: `evil.example.com:${port}` })).status).toBe(403);
      expect((await raw('/api/info', {})).status).toBe(400); // Node refuses an HTTP/1.1 request without Host itself
      expect((await raw('/api/info', { host: `127.0.0.1:${port}`, origin: 'http://evil.example.com' })).status).toBe(403);
      expect((await raw('/api/info', { host: `127.0.0.1:${port}`, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
        const own = await raw('/api/info', { host, origin: `http://${host}`, 'sec-fetch-site': 'same-origin' });
        expect(own.status, host).toBe(200);
        expect(JSON.parse(own.body).env).toBe('MountainCarContinuous-v0');
      }
      // still up after all of it
      expect((await fetch(new URL('/api/info', viewer.url))).status).toBe(200);
    } finally {
      await viewer.close();
    }
  });

  it('hashes a policy as the page shows it (FNV-1a over the float32 bytes)', () => {
    expect(thetaHash(new Float32Array(0))).toBe('811c9dc5');
    expect(thetaHash(Float32Array.of(1))).not.toBe(thetaHash(Float32Array.of(-1)));
  });
});
