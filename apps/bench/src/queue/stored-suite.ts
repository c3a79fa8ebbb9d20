import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, oneLine } from '@gogepo/core';
import { parseSuite, type Suite } from '../suite.js';
import { printedCommand } from '@gogepo/core/cli';

/** The suite a bench directory was made for (its suite.json, written by `run` and `slurm`). */
export function storedSuite(benchDir: string): Suite {
  const path = join(benchDir, 'suite.json');
  if (!existsSync(path)) {
    throw new ConfigError(`--out: ${benchDir} holds no suite.json; run '${printedCommand('gogepo-bench', ['run', '--suite', 'S', '--out', benchDir, '--queue', 'URL'])}' (or 'slurm') first`);
  }
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON (${oneLine((error as Error).message)})`);
  }
  return parseSuite(value, path);
}
