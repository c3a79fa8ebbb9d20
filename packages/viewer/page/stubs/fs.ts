// node:fs in the page: @gogepo/envs reads its MuJoCo models with readFileSync
// from URLs next to its code; the viewer's server serves them (/models/), so a
// synchronous request reads them here.
export function readFileSync(url: URL | string): string {
  const request = new XMLHttpRequest();
  request.open('GET', String(url), false);
  request.send();
  if (request.status !== 200) throw new Error(`cannot read ${String(url)} (HTTP ${request.status})`);
  return request.responseText;
}
