import { describe, expect, it } from 'vitest';
import { PolicyLayout } from '@gogepo/nn';
import { gogepoConfig, gogepoMemory } from './gogepo/config.js';
import { ConfigError } from './errors.js';
import { checkMemory } from './sizes.js';

const GiB = 2 ** 30;
const hopper = new PolicyLayout(11, 3, [256, 256]);
const config = (overrides: Record<string, unknown>) => gogepoConfig.parse({ rMin: -100, rMax: 3000, ...overrides });

describe('the memory estimate', () => {
  it("refuses, in one line naming the largest item, a GoGePo run that would not fit the machine's memory, and lets the paper's run through", () => {
    expect(() => checkMemory('gogepo', gogepoMemory(config({}), hopper), 24 * GiB)).not.toThrow(); // the paper's buffer: 2.8 GB
    expect(() => checkMemory('gogepo', gogepoMemory(config({ bufferCapacity: 50_000_000 }), hopper), 24 * GiB)).toThrow(
      // 50M x 69,635 float32 = 1.39e13 bytes = 12970.5 GiB
      new ConfigError('bad config: gogepo would need about 12970.6 GB of memory, mostly the replay buffer (bufferCapacity 50000000 x 69635 policy parameters) (12970.5 GB); this machine has 24.0 GB'),
    );
  });
});
