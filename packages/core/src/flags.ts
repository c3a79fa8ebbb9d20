import { ConfigError } from './errors.js';

/** A command-line value that cannot be used: one line, exit code 2 (a ConfigError, so both apps print it as one). */
export class UsageError extends ConfigError {
  override name = 'UsageError';
}

/**
 * Parsers of command-line values for both apps (gogepo, gogepo-bench). Strict:
 * an integer is written in plain decimal digits ("0x10", " 7" and "1e3" are
 * not integers here), within the float64 range where integers are exact.
 */
const decimal = /^(0|[1-9][0-9]*)$/;

function integer(flag: string, value: string, min: number, max: number, allowed: string): number {
  const n = Number(value);
  if (!decimal.test(value) || n < min || n > max) throw new UsageError(`--${flag} must be ${allowed}, got "${value}"`);
  return n;
}

export const parsePositiveInt = (flag: string) => (value: string): number => integer(flag, value, 1, Number.MAX_SAFE_INTEGER, 'a positive integer');

export const parseSeed = (flag: string) => (value: string): number => integer(flag, value, 0, 2 ** 32 - 1, `an integer in [0, ${2 ** 32 - 1}]`);

export const parseNumber = (flag: string) => (value: string): number => {
  const x = Number(value);
  if (value.trim() !== value || value === '' || !Number.isFinite(x)) throw new UsageError(`--${flag} must be a number, got "${value}"`);
  return x;
};

export const parseChoice = <T extends string>(flag: string, choices: readonly T[]) => (value: string): T => {
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`--${flag} must be one of ${choices.join(', ')}, got "${value}"`);
  return value as T;
};
