/** The built-in suites (suites/<name>.json), by name: light, for the command line's help. */
export function builtInSuiteNames(): string[] {
  return ['quick', 'cheap', 'hard', 'paper', 'ablation-scaling', 'ablation-drive', 'gymnasium', 'gymnasium-cheap'];
}
