import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BaseEnv, box, register } from '@gogepo/envs';
import { startViewer } from './view-server.js';
import type { EpisodeData } from './view-protocol.js';
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
    await expect(startViewer(own, { port: 0, backend: 'cpu' })).rejects.toThrow('view: MyTask-v0 is not an environment this gogepo knows; name the module that registers it with --require');
  });

  it("steps a user's environment itself for the page (GET /api/episode), checks the query, and bounds an episode's size before it starts", async () => {
    /** x drifts by the action; the reward is -|x|; 5 steps. */
    class Line extends BaseEnv {
      private x = 0;
      constructor(id: string, steps: number) {
        super(id, box(-Infinity, Infinity, 2), box(-1, 1, 1), steps);
      }
      protected resetModel() {
        this.x = this.uniform(-1, 1);
        return Float64Array.of(this.x, 0);
      }
      protected stepModel(action: ArrayLike<number>) {
        this.x += 0.1 * action[0];
        return { observation: Float64Array.of(this.x, action[0]), reward: -Math.abs(this.x), terminated: false, info: {} };
      }
    }
    register({ id: 'Line-v0', create: () => new Line('Line-v0', 5), maxEpisodeSteps: 5 });
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-viewer-'));
    const file = join(dir, 'line.json');
    writeFileSync(file, JSON.stringify({ ...policyFile, env: 'Line-v0' }));
    const viewer = await startViewer(file, { port: 0, backend: 'cpu' });
    try {
      const get = (path: string) => fetch(new URL(path, viewer.url));
      expect(((await (await get('/api/info')).json()) as { remote?: unknown }).remote).toEqual({ dt: 0.02 });
      const episode = (await (await get('/api/episode?index=3')).json()) as EpisodeData;
      expect(episode.rewards).toHaveLength(5);
      expect(episode.thetaHash).toBe(thetaHash(Float32Array.from(policyFile.theta)));
      const observations = new Float32Array(Uint8Array.from(Buffer.from(episode.observations, 'base64')).buffer);
      expect(observations).toHaveLength(2 * 6); // the start and each of the 5 steps
      // each reward is -|x| of the state after its step
      episode.rewards.forEach((r, k) => expect(r).toBeCloseTo(-Math.abs(observations[2 * (k + 1)]), 6));
      expect(((await (await get('/api/episode?index=4')).json()) as EpisodeData).rewards).not.toEqual(episode.rewards);
      for (const query of ['', '?index=-1', '?index=1.5', '?index=10000', '?index=x']) {
        const answer = await get(`/api/episode${query}`);
        expect([answer.status, await answer.text()], query).toEqual([400, 'index must be an integer in [0, 10000)']);
      }
      expect((await get('/api/episode?index=3')).status).toBe(200); // still up
    } finally {
      await viewer.close();
    }
    register({ id: 'Endless-v0', create: () => new Line('Endless-v0', 10_000_000), maxEpisodeSteps: 10_000_000 });
    writeFileSync(file, JSON.stringify({ ...policyFile, env: 'Endless-v0' }));
    await expect(startViewer(file, { port: 0, backend: 'cpu' })).rejects.toThrow('view: an episode of Endless-v0 (10000000 steps of 2 observations) is more than the viewer records (16,777,216 floats)');
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
