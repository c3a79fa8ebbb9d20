import { Redis } from 'ioredis';
import { ConfigError } from '@gogepo/core';
import { parseQueueUrl, redactUrl } from './url.js';

export { parseQueueUrl, redactUrl };

/**
 * A connection as BullMQ's workers need it: commands wait (rather than fail)
 * while Redis is away, and ioredis reconnects on its own. rediss:// turns on
 * TLS, verified against Node's CAs (add a private CA with NODE_EXTRA_CA_CERTS).
 */
export function redisConnection(url: string, warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Redis {
  const connection = new Redis(parseQueueUrl(url), { maxRetriesPerRequest: null });
  // ioredis reconnects by itself: say so once per outage (the message names host and port, never the password)
  let down = false;
  connection.on('error', (error: Error) => {
    if (!down) warn(`queue: Redis at ${redactUrl(url)}: ${error.message}; retrying`);
    down = true;
  });
  connection.on('ready', () => {
    if (down) warn(`queue: Redis at ${redactUrl(url)} is back`);
    down = false;
  });
  return connection;
}

/** Fails with a one-line error when Redis does not answer within `seconds` (a wrong host, port or password). */
export async function checkReachable(connection: Redis, url: string, seconds = 10): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${seconds} s`)), seconds * 1000);
  });
  try {
    await Promise.race([connection.ping(), timeout]);
  } catch (error) {
    connection.disconnect();
    throw new ConfigError(`--queue: cannot use Redis at ${redactUrl(url)}: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

