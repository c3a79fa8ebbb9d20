export { Generator, type GeneratorOptions } from './generator.js';
export { tileLayout, type LayerKind, type LayerTiling } from './tiling.js';
