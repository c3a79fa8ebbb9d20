import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The path of MuJoCo's WebAssembly module (`@mujoco/mujoco`'s mujoco.wasm), for
 * a server that hands it to a page (the viewer). A subpath of its own
 * (`@gogepo/envs/wasm-file`), so that a browser bundle of the environments
 * does not pull in node:path and node:url.
 */
export function mujocoWasmFile(): string {
  return join(dirname(fileURLToPath(import.meta.resolve('@mujoco/mujoco'))), 'mujoco.wasm');
}
