import type { IncomingHttpHeaders } from 'node:http';

/**
 * The viewer's trust boundary. It listens on 127.0.0.1 only, but any web page
 * the user opens can still send it requests: directly (an <img> or a form) or
 * through DNS rebinding (a page of evil.example whose name comes to resolve to
 * 127.0.0.1, and whose requests then carry `Host: evil.example`). So a request
 * is answered only when its Host names this server on a loopback name, and a
 * request that says where it comes from (Origin, or a browser's
 * Sec-Fetch-Site) comes from the viewer's own page.
 */
export function refusalOf(headers: IncomingHttpHeaders, port: number): string | undefined {
  const loopback = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  const host = headers.host?.toLowerCase();
  if (host === undefined || !loopback.includes(host)) return `this viewer answers only requests for ${loopback[0]} (Host: ${JSON.stringify(headers.host ?? '')})`;
  const origin = headers.origin?.toLowerCase();
  if (origin !== undefined && !loopback.some((h) => origin === `http://${h}`)) return `cross-origin request refused (Origin: ${JSON.stringify(headers.origin)})`;
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `cross-site request refused (Sec-Fetch-Site: ${JSON.stringify(site)})`;
  return undefined;
}

/** The decoded path of a request target, or undefined when it is not a valid path (bad %-escapes, an absolute URL, "//"). */
export function requestPath(target: string | undefined): string | undefined {
  if (target === undefined || !target.startsWith('/') || target.startsWith('//')) return undefined;
  const raw = target.split(/[?#]/, 1)[0];
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
