import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, mlp, PolicyLayout, Rng, tf, tidyData, toTheta, type PolicyTensors } from '@gogepo/nn';
import { Generator } from './generator.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/** The head's output for tile t of layer k, as a flat array (what G must place on the grid). */
function headOutput(g: Generator, k: number, tile: number, command: number, head: 'weightHead' | 'biasHead'): Float32Array {
  const t = g.tilings[k];
  const z = g.embeddings[k].arraySync()[tile];
  return mlp(tf.tensor2d([[...z, command]]), g.networks[t.kind]![head]).dataSync() as Float32Array;
}

describe('Generator', () => {
  it.each([
    [11, 3, 544_771],
    [8, 2, 528_066],
    [4, 1, 507_249],
    [2, 1, 499_025],
  ])('obs %i act %i: %i parameters (spec)', (obs, act, count) => {
    const g = new Generator(new PolicyLayout(obs, act), Rng.seeded(0));
    expect(g.parameterCount()).toBe(count);
    expect(g.variables().reduce((n, v) => n + v.size, 0)).toBe(count);
    g.dispose();
  });

  const layout = new PolicyLayout(3, 2, [8, 8]);
  const options = { sliceSize: 4, embeddingSize: 3, headHidden: [16] };

  it('takes flat parameters in variables() order (what the viewer rebuilds a run\'s generator from), and refuses a length that does not fit', () => {
    const trained = new Generator(layout, Rng.seeded(1), options);
    const rebuilt = new Generator(layout, Rng.seeded(2), options);
    const flat = Float32Array.from(trained.variables().flatMap((v) => Array.from(v.dataSync())));
    const policy = (g: Generator) => tidyData(() => toTheta(g.generate(0.3), layout));
    expect(policy(rebuilt)).not.toEqual(policy(trained));
    rebuilt.setParams(flat);
    expect(policy(rebuilt)).toEqual(policy(trained));
    expect(() => rebuilt.setParams(flat.subarray(1))).toThrow(`generator: ${flat.length - 1} parameters given, it has ${flat.length}`);
    trained.dispose();
    rebuilt.dispose();
  });

  it('tiles input, hidden and output layers as the paper does', () => {
    const g = new Generator(layout, Rng.seeded(1), options);
    expect(g.tilings.map((t) => [t.kind, t.outBlocks, t.inBlocks, t.rows, t.cols])).toEqual([
      ['input', 2, 1, 4, 3],
      ['hidden', 2, 2, 4, 4],
      ['output', 1, 2, 2, 4],
    ]);
    g.dispose();
  });

  it('places each head output, scaled by 2/sqrt(fan_in), on its tile; averages biases over input tiles', () => {
    const g = new Generator(layout, Rng.seeded(2), options);
    const c = 0.37;
    const policy = g.generate(c);
    g.tilings.forEach((t, k) => {
      const scale = 2 / Math.sqrt(t.in);
      const w = policy.weights[k].arraySync(); // [in, out]
      const b = policy.biases[k].dataSync();
      expect(policy.weights[k].shape).toEqual([t.in, t.out]);
      for (let m = 0; m < t.outBlocks; m++) {
        const biasMean = new Float64Array(t.rows);
        for (let n = 0; n < t.inBlocks; n++) {
          const tile = m * t.inBlocks + n;
          const slice = headOutput(g, k, tile, c, 'weightHead'); // read as [cols, rows]
          for (let i = 0; i < t.cols; i++) {
            for (let o = 0; o < t.rows; o++) {
              expect(w[n * t.cols + i][m * t.rows + o]).toBeCloseTo(scale * slice[i * t.rows + o], 5);
            }
          }
          headOutput(g, k, tile, c, 'biasHead').forEach((v, o) => (biasMean[o] += v / t.inBlocks));
        }
        biasMean.forEach((v, o) => expect(b[m * t.rows + o]).toBeCloseTo(scale * v, 5));
      }
    });
    g.dispose();
  });

  it('writes theta in the shared layout (W as out x in)', () => {
    const g = new Generator(layout, Rng.seeded(3), options);
    const policy = g.generate(-1);
    const theta = toTheta(policy, layout);
    const w2 = policy.weights[1].arraySync();
    const l = layout.layers[1];
    expect(theta[l.wOffset + 5 * l.in + 2]).toBeCloseTo(w2[2][5], 7);
    g.dispose();
  });

  it('depends on the command and is differentiable in every variable', () => {
    const g = new Generator(layout, Rng.seeded(4), options);
    const a = toTheta(g.generate(0), layout);
    const b = toTheta(g.generate(1), layout);
    expect(a).not.toEqual(b);
    const { grads } = tf.variableGrads(() => {
      const p = g.generate(0.5);
      return tf.sum(tf.square(tf.concat([...p.weights.map((w) => w.reshape([-1])), ...p.biases])));
    }, g.variables());
    for (const v of g.variables()) expect(tf.sum(tf.abs(grads[v.name])).dataSync()[0]).toBeGreaterThan(0);
    g.dispose();
  });

  it('generates many commands at once exactly as one at a time, gradients included', () => {
    const g = new Generator(layout, Rng.seeded(5), options);
    const commands = [0.1, -0.4, 0.9];
    const batched = g.generateMany(commands).map((p) => toTheta(p, layout));
    commands.forEach((c, i) => {
      const single = toTheta(g.generate(c), layout);
      single.forEach((v, j) => expect(batched[i][j]).toBeCloseTo(v, 5));
    });
    const loss = (policies: () => PolicyTensors[]) =>
      tf.variableGrads(() => {
        const ps = policies();
        return tf.sum(tf.concat(ps.flatMap((p, i) => [...p.weights, ...p.biases].map((t) => tf.mul(tf.square(t.reshape([-1])), i + 1)))));
      }, g.variables()).grads;
    const [many, one] = [loss(() => g.generateMany(commands)), loss(() => commands.map((c) => g.generate(c)))];
    for (const v of g.variables()) {
      const [a, b] = [many[v.name].dataSync(), one[v.name].dataSync()];
      b.forEach((x, j) => expect(a[j]).toBeCloseTo(x, 4));
    }
    g.dispose();
  });

  it('rejects hidden sizes that are not multiples of the slice size', () => {
    expect(() => new Generator(new PolicyLayout(3, 1, [30, 32]), Rng.seeded(0))).toThrow(
      'generator: hidden size 30 is not a multiple of the slice size 16',
    );
  });
});
