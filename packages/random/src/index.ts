export { Rng, type RngState } from './rng.js';
export { deriveSeed, episodeSeeds, expandSeed, splitMix64, assertSeed, SeedError, MAX_SEED, type SeedPart } from './seed.js';
export { correlation, ksCritical, ksStatistic, ksStatisticNormal, ksStatisticUniform } from './uniformity.js';
