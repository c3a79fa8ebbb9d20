import { Redis } from 'ioredis';
import { ConfigError } from '@gogepo/core';

/**
 * The only form of a Redis URL that is ever printed (run directories, suites
 * and logs never hold it): scheme, user, host, port and database number, the
 * password as "***". Nothing else of it is shown — a password with an
 * unencoded "/", "#" or "@" can spill into the path, query or fragment — and
 * a URL that does not parse is not shown at all.
 */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '(an invalid URL, not shown: it may hold a password)';
  }
  const user = u.username || u.password ? `${u.username}${u.password ? ':***' : ''}@` : '';
  const db = /^\/\d+$/.test(u.pathname) ? u.pathname : '';
  return `${u.protocol}//${user}${u.host}${db}`;
}

/** Checks a --queue URL: redis://[user:password@]host:port[/db], or rediss:// for TLS. */
export function parseQueueUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ConfigError(`--queue: ${redactUrl(url)} is not a URL; use redis://[:password@]host:port or rediss://… (TLS)`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new ConfigError(`--queue: ${redactUrl(url)} is not a Redis URL; use redis://[:password@]host:port or rediss://… (TLS)`);
  }
  if (!u.hostname) throw new ConfigError(`--queue: ${redactUrl(url)} names no host`);
  if ((u.pathname !== '' && u.pathname !== '/' && !/^\/\d+$/.test(u.pathname)) || u.search || u.hash) {
    throw new ConfigError(`--queue: ${redactUrl(url)}… has a path, query or fragment; use redis://[:password@]host:port[/db] (percent-encode "/", "#", "@" and "?" in a password)`);
  }
  return url;
}

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

