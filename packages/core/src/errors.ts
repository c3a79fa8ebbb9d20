import type { z } from 'zod';

/** A one-line message for the first problem of a failed zod parse. */
export function zodProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.join('.');
  return path ? `"${path}": ${issue.message}` : issue.message;
}

/** Bad input (a flag, a config, a run directory): its message is one line naming what was wrong. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
