/** The run's command sweep as a small SVG: achieved vs asked, the diagonal, and a marker at the current ask. */
export function drawSweep(svg: SVGSVGElement, rows: { command: number; mean: number }[], ask: number): void {
  const w = 300, h = 200, m = 32, left = 48; // the left margin holds the y-axis numbers
  const xs = rows.map((r) => r.command);
  const lo = Math.min(...xs, ...rows.map((r) => r.mean)), hi = Math.max(...xs, ...rows.map((r) => r.mean));
  const sx = (v: number) => left + ((v - Math.min(...xs)) / (Math.max(...xs) - Math.min(...xs) || 1)) * (w - left - m);
  const sy = (v: number) => h - m - ((v - lo) / (hi - lo || 1)) * (h - 2 * m);
  const line = rows.map((r) => `${sx(r.command).toFixed(1)},${sy(r.mean).toFixed(1)}`).join(' ');
  const x0 = Math.min(...xs), x1 = Math.max(...xs);
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  svg.innerHTML = `
    <line x1="${sx(x0)}" y1="${sy(x0)}" x2="${sx(x1)}" y2="${sy(x1)}" stroke="#aaa" stroke-dasharray="4 4"/>
    <polyline points="${line}" fill="none" stroke="#3465a4" stroke-width="2"/>
    ${rows.map((r) => `<circle cx="${sx(r.command)}" cy="${sy(r.mean)}" r="2.5" fill="#3465a4"/>`).join('')}
    <line id="ask-marker" x1="${sx(ask)}" y1="${m / 2}" x2="${sx(ask)}" y2="${h - m}" stroke="#cc3300" stroke-width="2"/>
    <text x="${w / 2}" y="${h - 6}" text-anchor="middle" font-size="11">asked return</text>
    <text x="10" y="${h / 2}" font-size="11" transform="rotate(-90 10 ${h / 2})" text-anchor="middle">achieved (sweep)</text>
    <text x="${left}" y="${h - m + 14}" font-size="10">${x0.toFixed(0)}</text>
    <text x="${w - m}" y="${h - m + 14}" font-size="10" text-anchor="end">${x1.toFixed(0)}</text>
    <line x1="${left}" y1="${sy(hi)}" x2="${left}" y2="${sy(lo)}" stroke="#888"/>
    ${[lo, (lo + hi) / 2, hi].map((v) => `<text class="y-tick" x="${left - 4}" y="${sy(v) + 3}" font-size="10" text-anchor="end">${v.toFixed(0)}</text>`).join('')}`;
}
