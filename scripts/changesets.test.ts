import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

/**
 * The pending changesets make a release plan: each names packages of the
 * workspace with a valid bump. `changeset status` (the tool that will consume
 * them) is the judge; a changeset that names no package fails here, not at
 * release time.
 */
const root = resolve(import.meta.dirname, '..');

it('every pending changeset names packages of the workspace', () => {
  const r = spawnSync(process.execPath, [join(root, 'node_modules', '@changesets', 'cli', 'bin.js'), 'status'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  expect({ status: r.status, error: r.stderr.split('\n').filter((l) => l.includes('error')).slice(0, 3).join('\n') }).toEqual({ status: 0, error: '' });
});
