/** MountainCarContinuous drawn in 2D: the hill y = sin(3x), the goal flag at x = 0.45, the car at its position. */
export class MountainCarScene {
  private readonly g: CanvasRenderingContext2D;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly position: () => number) {
    this.g = canvas.getContext('2d')!;
  }

  draw(): void {
    const { g, canvas } = this;
    const w = canvas.width, h = canvas.height;
    const [minX, maxX] = [-1.2, 0.6];
    const sx = (x: number) => ((x - minX) / (maxX - minX)) * w;
    const height = (x: number) => Math.sin(3 * x) * 0.45 + 0.55;
    const sy = (y: number) => h - 40 - y * (h - 120);
    g.fillStyle = '#f4f6fa';
    g.fillRect(0, 0, w, h);
    g.beginPath();
    for (let i = 0; i <= 200; i++) {
      const x = minX + ((maxX - minX) * i) / 200;
      if (i === 0) g.moveTo(sx(x), sy(height(x)));
      else g.lineTo(sx(x), sy(height(x)));
    }
    g.lineTo(w, h);
    g.lineTo(0, h);
    g.closePath();
    g.fillStyle = '#b9c2cf';
    g.fill();
    // the flag
    const fx = sx(0.45), fy = sy(height(0.45));
    g.strokeStyle = '#333';
    g.lineWidth = 2;
    g.beginPath();
    g.moveTo(fx, fy);
    g.lineTo(fx, fy - 50);
    g.stroke();
    g.fillStyle = '#e0b000';
    g.fillRect(fx, fy - 50, 24, 14);
    // the car, tilted with the slope
    const x = this.position();
    const angle = Math.atan(-Math.cos(3 * x) * 3 * 0.45 * ((h - 120) / ((w / (maxX - minX)))));
    g.save();
    g.translate(sx(x), sy(height(x)));
    g.rotate(angle);
    g.fillStyle = '#3465a4';
    g.fillRect(-22, -22, 44, 16);
    g.fillStyle = '#222';
    for (const wx of [-13, 13]) {
      g.beginPath();
      g.arc(wx, -5, 6, 0, 2 * Math.PI);
      g.fill();
    }
    g.restore();
  }
}
