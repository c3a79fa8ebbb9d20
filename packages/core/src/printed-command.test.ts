import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printedCommand, toolCommand } from './printed-command.js';

/** A folder with an executable (or not) `name` in it. */
function binDir(root: string, dir: string, name: string, mode = 0o755): string {
  mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, dir, name), '#!/bin/sh\n');
  chmodSync(join(root, dir, name), mode);
  return join(root, dir);
}

describe('the commands the tools print', () => {
  it('name the tool as the user runs it from where they are', () => {
    const root = mkdtempSync(join(tmpdir(), 'gogepo-printed-'));
    const onPath = binDir(root, 'global/bin', 'gogepo');
    binDir(root, 'repo/node_modules/.bin', 'gogepo-bench');
    binDir(root, 'notexec', 'gogepo-bench', 0o644);
    const deep = join(root, 'repo', 'runs', 'a');
    mkdirSync(deep, { recursive: true });
    expect(toolCommand('gogepo', { path: onPath, cwd: deep })).toBe('gogepo'); // installed: on the PATH
    expect(toolCommand('gogepo-bench', { path: onPath, cwd: deep })).toBe('npx gogepo-bench'); // the project's node_modules/.bin, above the cwd
    expect(toolCommand('gogepo-bench', { path: join(root, 'notexec'), cwd: root })).toBe('gogepo-bench'); // nothing runnable: the bare name (the README says how to put it on the PATH)
    expect(printedCommand('gogepo-bench', ['report', 'my runs/x', "it's"], { path: '', cwd: deep })).toBe(`npx gogepo-bench report 'my runs/x' 'it'\\''s'`);
  });
});
