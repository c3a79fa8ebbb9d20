import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, listSnapshots, oneLine, readSweepFile, readPolicyFile, readSafetensors, Run, runPaths, runStatus } from '@gogepo/core';
import { envIds, hopperRegistration, invertedPendulumRegistration, mountainCarRegistration, swimmerRegistration } from '@gogepo/envs';
import { initBackend, type BackendChoice } from '@gogepo/nn';
import { refusalOf, requestPath } from './request-guard.js';
import type { SnapshotData, ViewerInfo } from './view-protocol.js';

/** The built page (scripts/build-viewer.mjs), also when this module runs from src/ in tests. */
const pageDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'page');
/** The environments the page bundles (a user's own, registered by --require modules, are not in it). */
const builtInEnvs = [hopperRegistration, swimmerRegistration, invertedPendulumRegistration, mountainCarRegistration].map((r) => r.id);
const modelsDir = join(dirname(fileURLToPath(import.meta.resolve('@gogepo/envs'))), '..', 'models');

interface Viewed {
  info: ViewerInfo;
  snapshot(id: string): SnapshotData | undefined;
}

const floatsBase64 = (flat: Float32Array) => Buffer.from(flat.buffer, flat.byteOffset, flat.byteLength).toString('base64');

/** What the page needs of a run directory: its environment, policy layout, generator snapshots and sweep. */
async function viewRun(dir: string, backend: BackendChoice, modules: readonly string[]): Promise<Viewed> {
  const run = await Run.resume(dir, await initBackend(backend), { readOnly: true, modules });
  try {
    const layout = run.policyLayout;
    const base: Omit<ViewerInfo, 'generator' | 'policy'> = {
      source: dir, env: run.config.env, seed: 1_000_000,
      layout: { observationSize: layout.observationSize, actionSize: layout.actionSize, hidden: [...layout.hidden], hiddenActivation: layout.hiddenActivation },
      actionHigh: Array.from(run.evaluationEnv.actionSpace.high),
    };
    const applied = run.observationNormaliser.applied();
    const latest = { mean: Array.from(applied.mean), std: Array.from(applied.std) };
    let conditioned;
    try {
      conditioned = run.conditioned;
    } catch {
      // not command-conditioned (ARS, DDPG, UDRL's MLP): its evaluation policy acts
      return { info: { ...base, policy: { theta: Array.from(run.evaluationPolicy()), ...latest } }, snapshot: () => undefined };
    }
    const g = conditioned.generatorView();
    const files = listSnapshots(dir);
    const steps = runStatus(dir).steps;
    const snapshots = [
      ...files.map((s, i) => ({ id: `steps-${s.steps}`, label: `${i + 1}/${files.length} of training (${s.steps} steps)`, steps: s.steps })),
      { id: 'final', label: `final (${steps} steps)`, steps },
    ];
    const sweep = readSweepFile(dir)?.rows.map((r) => ({ command: r.asked, mean: r.achieved }));
    const finalData: SnapshotData = { params: floatsBase64(g.params), ...latest };
    return {
      info: {
        ...base,
        generator: {
          options: g.options,
          commandScale: g.commandScale,
          range: conditioned.commandRange,
          evaluationCommand: conditioned.evaluationCommand(),
          snapshots,
          sweep,
        },
      },
      // (after run.close(): generatorView of a snapshot reads only the run's config and tensor shapes)
      snapshot: (id) => {
        if (id === 'final') return finalData;
        const file = files.find((s) => `steps-${s.steps}` === id);
        if (!file) return undefined;
        const tensors = readSafetensors(file.path);
        const stats = tensors.has('normaliser/mean') ? { mean: Array.from(tensors.get('normaliser/mean')!.data), std: Array.from(tensors.get('normaliser/std')!.data) } : latest;
        return { params: floatsBase64(conditioned.generatorView(tensors).params), ...stats };
      },
    };
  } finally {
    run.close();
  }
}

/** The algorithm a run directory records. */
function readConfigAlgo(dir: string): string {
  return runStatus(dir).algo;
}

function viewPolicy(path: string): Viewed {
  const { file, layout } = readPolicyFile(path);
  const command = typeof file.provenance.command === 'number' ? file.provenance.command : undefined;
  return {
    info: {
      source: path, env: file.env, seed: 1_000_000, actionHigh: file.actionHigh,
      layout: { observationSize: layout.observationSize, actionSize: layout.actionSize, hidden: [...layout.hidden], hiddenActivation: layout.hiddenActivation },
      policy: { theta: file.theta, mean: file.observationMean, std: file.observationStd, command },
    },
    snapshot: () => undefined,
  };
}

const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.xml': 'application/xml' };

/**
 * Serves the viewer for a run directory or a policy file on 127.0.0.1 (port 0:
 * any free one). Every asset comes from the packages; nothing is fetched from
 * the internet. Every request gets an answer (a malformed one a 400); only
 * requests for a loopback Host from the page itself are served (see
 * request-guard.ts). `modules`: those the operator named (--require). Returns
 * the page's URL and a way to stop.
 */
export async function startViewer(target: string, opts: { port: number; backend: BackendChoice; modules?: readonly string[] }): Promise<{ url: string; env: string; conditioned: boolean; whatItIs: string; server: Server; close(): Promise<void> }> {
  if (!existsSync(target)) throw new ConfigError(`view: ${target} does not exist`);
  if (!existsSync(join(pageDir, 'viewer.js'))) throw new ConfigError(`view: the viewer page is not built (${pageDir}); run pnpm build (scripts/build-page.mjs)`);
  if (statSync(target).isDirectory() && !existsSync(runPaths(target).config)) throw new ConfigError(`view: ${target} is not a run directory`);
  const viewed = statSync(target).isDirectory() ? await viewRun(target, opts.backend, opts.modules ?? []) : viewPolicy(target);
  if (!builtInEnvs.includes(viewed.info.env)) {
    const whose = envIds().includes(viewed.info.env) ? 'is registered by a module of yours' : 'is not an environment this gogepo knows';
    throw new ConfigError(`view: ${viewed.info.env} ${whose}; the viewer page knows only the built-in environments (${builtInEnvs.join(', ')})`);
  }
  let port = opts.port;
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const send = (status: number, type: string, body: string | Buffer) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      response.end(body);
    };
    const refusal = refusalOf(request.headers, port);
    if (refusal) return send(403, 'text/plain', refusal);
    const path = requestPath(request.url);
    if (path === undefined) return send(400, 'text/plain', 'bad request path');
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'text/plain', 'only GET');
    const file = (p: string) => send(200, types[p.slice(p.lastIndexOf('.'))] ?? 'application/octet-stream', readFileSync(p));
    if (path === '/' || path === '/index.html') return file(join(pageDir, 'index.html'));
    if (path === '/favicon.ico') return send(204, 'image/x-icon', '');
    if (path === '/assets/viewer.js') return file(join(pageDir, 'viewer.js'));
    if (path === '/assets/mujoco.wasm') return file(join(pageDir, 'mujoco.wasm'));
    const model = /^\/models\/([\w-]+\.xml)$/.exec(path);
    if (model && existsSync(join(modelsDir, model[1]))) return file(join(modelsDir, model[1]));
    if (path === '/api/info') return send(200, 'application/json', JSON.stringify(viewed.info));
    const snapshot = /^\/api\/snapshot\/([\w-]+)$/.exec(path);
    if (snapshot) {
      const data = viewed.snapshot(snapshot[1]);
      return data ? send(200, 'application/json', JSON.stringify(data)) : send(404, 'text/plain', 'no such snapshot');
    }
    send(404, 'text/plain', 'not found');
  };
  const server = createServer((request, response) => {
    try {
      handle(request, response);
    } catch (error) {
      // the server never dies from a request: whatever went wrong is this request's answer
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(oneLine((error as Error).message ?? String(error)));
    }
  });
  // a request HTTP cannot parse: answer 400 and close that connection; the server goes on
  server.on('clientError', (_error, socket) => (socket.writable ? socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n') : socket.destroy()));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new ConfigError(`view: port ${opts.port} is in use; pick another with --port`) : error));
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;
  const whatItIs = viewed.info.generator ? 'a run with a generator' : statSync(target).isDirectory() ? `a run of ${readConfigAlgo(target)}` : 'a policy file';
  return { url: `http://127.0.0.1:${port}/`, env: viewed.info.env, conditioned: viewed.info.generator !== undefined, whatItIs, server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** `gogepo view RUN_DIR|policy.json`: serve the viewer until Ctrl-C. */
export async function view(target: string, opts: { port: number; backend: BackendChoice; modules?: readonly string[] }): Promise<void> {
  const { url, close } = await startViewer(target, opts);
  console.log(`gogepo view: ${target} at ${url} (open it in a browser; Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await close();
}
