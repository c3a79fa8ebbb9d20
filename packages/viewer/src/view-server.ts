import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, listSnapshots, loadModules, oneLine, readSweepFile, readPolicyFile, readSafetensors, Run, runPaths, runStatus } from '@gogepo/core';
import { builtInRegistrations, envIds } from '@gogepo/envs';
import { mujocoWasmFile } from '@gogepo/envs/wasm-file';
import { engineOf, initBackend, type BackendChoice, type PolicyLayout } from '@gogepo/nn';
import { EPISODE_SEEDS, EpisodeRecorder, GeneratedPolicies, type ActingPolicy } from './remote-episodes.js';
import { refusalOf, requestPath } from './request-guard.js';
import type { EpisodeData, SnapshotData, ViewerInfo } from './view-protocol.js';

/** The built page (scripts/build-viewer.mjs), also when this module runs from src/ in tests. */
const pageDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'page');
/** The environments the page bundles (a user's own, registered by --require modules, are not in it). */
const builtInEnvs = builtInRegistrations.map((r) => r.id);
const modelsDir = join(dirname(fileURLToPath(import.meta.resolve('@gogepo/envs'))), '..', 'models');

interface Viewed {
  info: ViewerInfo;
  /** A snapshot's generator parameters and statistics (a run with a generator). */
  snapshot(id: string): { params: Float32Array; mean: number[]; std: number[] } | undefined;
  /** The policy that acts for an episode the server steps: the generator's at `ask` in a snapshot, or the run's or file's own. */
  acting(snapshot: string | undefined, ask: number | undefined): ActingPolicy | undefined;
}

const floatsBase64 = (flat: Float32Array) => Buffer.from(flat.buffer, flat.byteOffset, flat.byteLength).toString('base64');
const layoutInfo = (layout: PolicyLayout): ViewerInfo['layout'] => ({ observationSize: layout.observationSize, actionSize: layout.actionSize, hidden: [...layout.hidden], hiddenActivation: layout.hiddenActivation });

/** What the page needs of a run directory: its environment, policy layout, generator snapshots and sweep. */
async function viewRun(dir: string, backend: string, modules: readonly string[]): Promise<Viewed & { policyLayout: PolicyLayout }> {
  const run = await Run.resume(dir, backend, { readOnly: true, modules });
  try {
    const layout = run.policyLayout;
    const base: Omit<ViewerInfo, 'generator' | 'policy'> = { source: dir, env: run.config.env, seed: 1_000_000, layout: layoutInfo(layout), actionHigh: Array.from(run.evaluationEnv.actionSpace.high) };
    const applied = run.observationNormaliser.applied();
    const latest = { mean: Array.from(applied.mean), std: Array.from(applied.std) };
    let conditioned;
    try {
      conditioned = run.conditioned;
    } catch {
      // not command-conditioned (ARS, DDPG, UDRL's MLP): its evaluation policy acts
      const theta = run.evaluationPolicy();
      return { info: { ...base, policy: { theta: Array.from(theta), ...latest } }, policyLayout: layout, snapshot: () => undefined, acting: () => ({ theta, ...latest }) };
    }
    const g = conditioned.generatorView();
    const files = listSnapshots(dir);
    const steps = runStatus(dir).steps;
    const snapshots = [
      ...files.map((s, i) => ({ id: `steps-${s.steps}`, label: `${i + 1}/${files.length} of training (${s.steps} steps)`, steps: s.steps })),
      { id: 'final', label: `final (${steps} steps)`, steps },
    ];
    const sweep = readSweepFile(dir)?.rows.map((r) => ({ command: r.asked, mean: r.achieved }));
    // (after run.close(): generatorView of a snapshot reads only the run's config and tensor shapes)
    const snapshot = (id: string) => {
      if (id === 'final') return { params: g.params, ...latest };
      const file = files.find((s) => `steps-${s.steps}` === id);
      if (!file) return undefined;
      const tensors = readSafetensors(file.path);
      const stats = tensors.has('normaliser/mean') ? { mean: Array.from(tensors.get('normaliser/mean')!.data), std: Array.from(tensors.get('normaliser/std')!.data) } : latest;
      return { params: conditioned.generatorView(tensors).params, ...stats };
    };
    const generated = new GeneratedPolicies(layout, g.options, g.commandScale, snapshot);
    return {
      info: { ...base, generator: { options: g.options, commandScale: g.commandScale, range: conditioned.commandRange, evaluationCommand: conditioned.evaluationCommand(), snapshots, sweep } },
      policyLayout: layout,
      snapshot,
      acting: (id, ask) => (id === undefined || ask === undefined ? undefined : generated.policy(id, ask)),
    };
  } finally {
    run.close();
  }
}

function viewPolicy(path: string): Viewed & { policyLayout: PolicyLayout } {
  const { file, layout } = readPolicyFile(path);
  const command = typeof file.provenance.command === 'number' ? file.provenance.command : undefined;
  const policy = { theta: Float32Array.from(file.theta), mean: file.observationMean, std: file.observationStd };
  return {
    info: { source: path, env: file.env, seed: 1_000_000, actionHigh: file.actionHigh, layout: layoutInfo(layout), policy: { theta: file.theta, mean: file.observationMean, std: file.observationStd, command } },
    policyLayout: layout,
    snapshot: () => undefined,
    acting: () => policy,
  };
}

/** GET /api/episode's query: the episode index, and for a generator the snapshot and the return asked; a message when it is malformed. */
function episodeQuery(query: URLSearchParams, generator: boolean): { index: number; snapshot?: string; ask?: number } | string {
  const number = (name: string) => Number(query.get(name)?.trim() || NaN); // absent or empty: not a number
  const index = number('index');
  if (!Number.isInteger(index) || index < 0 || index >= EPISODE_SEEDS) return `index must be an integer in [0, ${EPISODE_SEEDS})`;
  if (!generator) return { index };
  const ask = number('ask');
  if (!Number.isFinite(ask) || Math.abs(ask) > 1e9) return 'ask must be a finite return';
  return { index, snapshot: query.get('snapshot') ?? 'final', ask };
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
  const backend = await initBackend(opts.backend);
  const isRun = statSync(target).isDirectory();
  if (!isRun) await loadModules(opts.modules ?? []); // a policy file of a user's environment: its module, named by the operator
  const viewed = isRun ? await viewRun(target, backend, opts.modules ?? []) : viewPolicy(target);
  const env = viewed.info.env;
  if (!envIds().includes(env)) throw new ConfigError(`view: ${env} is not an environment this gogepo knows; name the module that registers it with --require`);
  // the page makes the built-in environments itself; any other is stepped here and played back there
  const recorder = builtInEnvs.includes(env) ? undefined : await EpisodeRecorder.create(env, viewed.policyLayout, viewed.info.actionHigh, viewed.info.seed, engineOf(backend) === 'native');
  if (recorder) viewed.info.remote = recorder.remote;
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
    const json = (body: unknown) => send(200, 'application/json', JSON.stringify(body));
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'text/plain', 'only GET');
    const file = (p: string) => send(200, types[p.slice(p.lastIndexOf('.'))] ?? 'application/octet-stream', readFileSync(p));
    if (path === '/' || path === '/index.html') return file(join(pageDir, 'index.html'));
    if (path === '/favicon.ico') return send(204, 'image/x-icon', '');
    if (path === '/assets/viewer.js') return file(join(pageDir, 'viewer.js'));
    if (path === '/assets/mujoco.wasm') return file(mujocoWasmFile());
    const model = /^\/models\/([\w-]+\.xml)$/.exec(path);
    if (model && existsSync(join(modelsDir, model[1]))) return file(join(modelsDir, model[1]));
    if (path === '/api/info') return json(viewed.info);
    const snapshot = /^\/api\/snapshot\/([\w-]+)$/.exec(path);
    if (snapshot) {
      const data = viewed.snapshot(snapshot[1]);
      return data ? json({ params: floatsBase64(data.params), mean: data.mean, std: data.std } satisfies SnapshotData) : send(404, 'text/plain', 'no such snapshot');
    }
    if (path === '/api/episode' && recorder) {
      const query = episodeQuery(new URL(request.url ?? '/', 'http://localhost').searchParams, viewed.info.generator !== undefined);
      if (typeof query === 'string') return send(400, 'text/plain', query);
      const policy = viewed.acting(query.snapshot, query.ask);
      return policy ? json(recorder.record(policy, query.index) satisfies EpisodeData) : send(404, 'text/plain', 'no such snapshot');
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
  const whatItIs = viewed.info.generator ? 'a run with a generator' : isRun ? `a run of ${runStatus(target).algo}` : 'a policy file';
  const close = () => new Promise<void>((resolve) => server.close(() => resolve())).finally(() => recorder?.close());
  return { url: `http://127.0.0.1:${port}/`, env, conditioned: viewed.info.generator !== undefined, whatItIs, server, close };
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
