// Bundles the viewer page (page/) for the browser with
// esbuild: the real environments (@gogepo/envs with MuJoCo's WASM), the real
// generator (@gogepo/hypernet on tfjs) and policy runner (@gogepo/core/policy).
// Node-only modules get the small stand-ins of page/stubs/.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'page');
const stub = (name) => join(root, 'page', 'stubs', `${name}.ts`);
const stubs = { '@gogepo/native': stub('native'), 'node:crypto': stub('crypto'), 'node:fs': stub('fs') };

mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(root, 'page', 'main.ts')],
  outfile: join(out, 'viewer.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  logLevel: 'warning',
  // never run in a page: Node branches of MuJoCo's loader, tfjs's optional backends
  external: ['module', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-backend-wasm'],
  plugins: [{
    name: 'node-stand-ins',
    setup(b) {
      b.onResolve({ filter: /^(@gogepo\/native|node:crypto|node:fs)$/ }, (args) => ({ path: stubs[args.path] }));
    },
  }],
});
// (MuJoCo's loader fetches mujoco.wasm next to the bundle: the server hands it @mujoco/mujoco's own, not a copy)
copyFileSync(join(root, 'page', 'page.html'), join(out, 'index.html'));
