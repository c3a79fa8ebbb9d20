import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

export type ToolName = 'gogepo' | 'gogepo-bench';

/** Where to look: the PATH and the current directory (passed in, so tests choose them). */
export interface Whereabouts {
  path: string | undefined;
  cwd: string;
}

const executable = (file: string) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * How the user runs one of gogepo's tools from where they are, for the
 * commands the tools print ("Continue with: …", "Watch it live: …"): the bare
 * name when it is on the PATH (installed globally, or the PATH holds the
 * workspace's `node_modules/.bin`); `npx NAME` when a `node_modules/.bin/NAME`
 * sits in the current folder or one above it (the repository, or a project
 * that installed gogepo: npx runs that one and fetches nothing); else the bare
 * name, with the README saying how to put it on the PATH.
 */
export function toolCommand(tool: ToolName, where: Whereabouts = { path: process.env.PATH, cwd: process.cwd() }): string {
  for (const dir of (where.path ?? '').split(delimiter)) {
    if (dir !== '' && executable(join(dir, tool))) return tool;
  }
  for (let dir = where.cwd; ; dir = dirname(dir)) {
    if (executable(join(dir, 'node_modules', '.bin', tool))) return `npx ${tool}`;
    if (dirname(dir) === dir) return tool;
  }
}

/** A command line to print: the tool as the user runs it from here, then its arguments (quoted when they need it). */
export function printedCommand(tool: ToolName, args: readonly string[], where?: Whereabouts): string {
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return [toolCommand(tool, where), ...args.map(quote)].join(' ');
}
