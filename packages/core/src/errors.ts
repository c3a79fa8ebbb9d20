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

/** A message as one line (a JSON parse error quotes the text it could not read, newlines included), at most `max` characters. */
export function oneLine(message: string, max = 160): string {
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** A value as an error message shows it: JSON, on one line, at most 60 characters (a file may hold anything). */
export function shown(value: unknown): string {
  return oneLine(JSON.stringify(value) ?? String(value), 60);
}
