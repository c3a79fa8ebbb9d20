import type { z } from 'zod';
import { EnvError } from './errors.js';

/** Validates environment options; a bad option is a one-line EnvError naming it. */
export function parseOptions<S extends z.ZodType>(id: string, schema: S, options: unknown): z.output<S> {
  const result = schema.safeParse(options ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue.path.length > 0 ? `option "${issue.path.join('.')}"` : 'options';
  throw new EnvError(`${id}: bad ${where}: ${issue.message}`);
}
