import loadMujoco from '@mujoco/mujoco';
import { readFileSync } from 'node:fs';

/** The loaded MuJoCo WASM module. Its typings are loose (`any` arrays), so we keep them at this boundary. */
export type MujocoModule = Awaited<ReturnType<typeof loadMujoco>>;

let modulePromise: Promise<MujocoModule> | undefined;

/** One MuJoCo WASM module per process (or worker thread), loaded on first use. */
export function mujoco(): Promise<MujocoModule> {
  modulePromise ??= loadMujoco();
  return modulePromise;
}

/** The XML of a model shipped in this package's `models/` folder. */
export function modelXml(file: string): string {
  return readFileSync(new URL(`../../models/${file}`, import.meta.url), 'utf8');
}
