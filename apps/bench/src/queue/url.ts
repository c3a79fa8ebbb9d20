import { ConfigError } from '@gogepo/core/cli';

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
