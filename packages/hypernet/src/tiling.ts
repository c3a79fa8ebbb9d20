import type { PolicyLayout } from '@gogepo/nn';

export type LayerKind = 'input' | 'hidden' | 'output';

/**
 * How one policy layer is cut into tiles. Tile (m, n) covers output block m and
 * input block n and is a slice of `rows` outputs x `cols` inputs. Tiles are
 * numbered m * inBlocks + n.
 */
export interface LayerTiling {
  kind: LayerKind;
  in: number;
  out: number;
  outBlocks: number;
  inBlocks: number;
  rows: number;
  cols: number;
  tiles: number;
  /**
   * Every generated weight and bias of the layer is multiplied by this:
   * 2 / sqrt(in) (paper sec. 4.1), or 1 with output scaling off (the ablation
   * of paper fig. 4). Both engines read it from here.
   */
  scale: number;
}

/**
 * Input layer: slices of f outputs x all inputs; hidden layers: f x f slices;
 * output layer: all outputs x f inputs (paper sec. 4.1, appendix A.2).
 * Hidden sizes must be multiples of f. `outputScaling`: see LayerTiling.scale.
 */
export function tileLayout(layout: PolicyLayout, sliceSize: number, outputScaling = true): LayerTiling[] {
  for (const h of layout.hidden) {
    if (h % sliceSize !== 0) {
      throw new Error(`generator: hidden size ${h} is not a multiple of the slice size ${sliceSize}`);
    }
  }
  const last = layout.layers.length - 1;
  return layout.layers.map((layer, k) => {
    const kind: LayerKind = k === 0 ? 'input' : k === last ? 'output' : 'hidden';
    const rows = kind === 'output' ? layer.out : sliceSize;
    const cols = kind === 'input' ? layer.in : sliceSize;
    const outBlocks = layer.out / rows;
    const inBlocks = layer.in / cols;
    const scale = outputScaling ? 2 / Math.sqrt(layer.in) : 1;
    return { kind, in: layer.in, out: layer.out, outBlocks, inBlocks, rows, cols, tiles: outBlocks * inBlocks, scale };
  });
}
