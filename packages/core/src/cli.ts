/**
 * `@gogepo/core/cli`: what a command line needs before it runs anything —
 * flag parsers, the one-line error rule, the version, module paths — without
 * loading tfjs, MuJoCo or the algorithms, so that `--help`, `--version` and
 * usage errors answer at once. Commands load the rest when they run.
 */
export { ConfigError, oneLine } from './errors.js';
export { describeError, exitWithError } from './fatal.js';
export { parseChoice, parseNumber, parsePositiveInt, parseSeed, UsageError } from './flags.js';
export { resolveModules } from './module-paths.js';
export { TOOL_VERSION } from './version.js';
export { ToolCommand } from './tool-command.js';
export { printedCommand, toolCommand, type ToolName, type Whereabouts } from './printed-command.js';
