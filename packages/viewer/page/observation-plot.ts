import type { Playback } from './playback.js';

const COLOURS = ['#3465a4', '#e07b00', '#4e9a06', '#75507b', '#cc0000', '#06989a', '#c4a000', '#555753'];
/** Observation dimensions drawn (the first ones; the caption says how many there are). */
const MAX_LINES = 16;

/**
 * An environment the page can neither make nor draw (a user's, without a
 * MuJoCo model): the episode's observations over time, each dimension scaled
 * to its own range over the episode, and the return so far on top.
 */
export class ObservationPlot {
  private readonly g: CanvasRenderingContext2D;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly playback: Playback, private readonly returnSoFar: () => number) {
    this.g = canvas.getContext('2d')!;
  }

  draw(): void {
    const { g, canvas } = this;
    const w = canvas.width, h = canvas.height;
    g.fillStyle = '#f4f6fa';
    g.fillRect(0, 0, w, h);
    const seen = this.playback.observationsSoFar();
    const n = this.playback.observationSize;
    g.fillStyle = '#333';
    g.font = '14px sans-serif';
    g.fillText(`observations (${Math.min(n, MAX_LINES)} of ${n}, each scaled to its range so far) · return so far ${this.returnSoFar().toFixed(1)}`, 16, 24);
    if (!seen) return;
    const { rows, steps } = seen;
    const shown = rows.length / n;
    const [left, right, top, bottom] = [40, w - 20, 50, h - 30];
    const x = (k: number) => left + ((right - left) * k) / Math.max(1, steps);
    g.strokeStyle = '#b9c2cf';
    g.strokeRect(left, top, right - left, bottom - top);
    for (let d = 0; d < Math.min(n, MAX_LINES); d++) {
      let lo = Infinity, hi = -Infinity;
      for (let k = 0; k < shown; k++) {
        lo = Math.min(lo, rows[k * n + d]);
        hi = Math.max(hi, rows[k * n + d]);
      }
      const y = (v: number) => (hi > lo ? bottom - ((bottom - top) * (v - lo)) / (hi - lo) : (top + bottom) / 2);
      g.strokeStyle = COLOURS[d % COLOURS.length];
      g.lineWidth = 2;
      g.beginPath();
      for (let k = 0; k < shown; k++) {
        if (k === 0) g.moveTo(x(k), y(rows[d]));
        else g.lineTo(x(k), y(rows[k * n + d]));
      }
      g.stroke();
    }
    // where the episode is
    g.strokeStyle = '#333';
    g.lineWidth = 1;
    g.beginPath();
    g.moveTo(x(shown - 1), top);
    g.lineTo(x(shown - 1), bottom);
    g.stroke();
  }
}
