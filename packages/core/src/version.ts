import { readFileSync } from 'node:fs';

/**
 * The tool's version (printed by --version, recorded in every run's
 * config.json): @gogepo/core's own, which every package of a release shares
 * (.changeset/config.json fixes them together).
 */
export const TOOL_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
