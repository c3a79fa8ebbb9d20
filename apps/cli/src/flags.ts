import { z } from 'zod';

/** A command-line usage error: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const positiveInt = z.coerce.number().int().positive();
const seed = z.coerce.number().int().min(0).max(2 ** 32 - 1);

function parseFlag<T>(schema: z.ZodType<T>, flag: string, allowed: string) {
  return (value: string): T => {
    const result = schema.safeParse(value);
    if (!result.success || value.trim() === '') {
      throw new UsageError(`--${flag} must be ${allowed}, got "${value}"`);
    }
    return result.data;
  };
}

export const parsePositiveInt = (flag: string) => parseFlag(positiveInt, flag, 'a positive integer');
export const parseSeed = (flag: string) => parseFlag(seed, flag, `an integer in [0, ${2 ** 32 - 1}]`);

const finite = z.coerce.number().refine(Number.isFinite);
export const parseNumber = (flag: string) => parseFlag(finite, flag, 'a number');
export const parseChoice = <T extends string>(flag: string, choices: readonly T[]) =>
  parseFlag(z.enum(choices as unknown as [T, ...T[]]), flag, `one of ${choices.join(', ')}`);
