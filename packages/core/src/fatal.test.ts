import { describe, expect, it } from 'vitest';
import { EnvError } from '@gogepo/envs';
import { BackendError } from '@gogepo/nn';
import { ConfigError } from './errors.js';
import { describeError } from './fatal.js';

const systemError = (code: string, syscall: string, path: string) => Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path });

describe('describeError', () => {
  it.each([
    [new ConfigError('bad config: "steps" must be positive'), 'error: bad config: "steps" must be positive', 2],
    [new EnvError('Hopper-v3: seed must be an integer'), 'error: Hopper-v3: seed must be an integer', 2],
    [new BackendError('backend "tensorflow" could not be loaded'), 'error: backend "tensorflow" could not be loaded', 2],
    [systemError('ENOSPC', 'write', 'runs/x/buffer.f32'), 'error: runs/x/buffer.f32: no space left on the device; free some and run the command again (a run resumes from its last checkpoint) (ENOSPC in write)', 1],
    [systemError('EROFS', 'open', 'runs/x/metrics.jsonl'), 'error: runs/x/metrics.jsonl: the file system is read-only (EROFS in open)', 1],
    [systemError('EISDIR', 'open', 'out'), 'error: out: is a directory, not a file (EISDIR in open)', 2],
    [new TypeError('x is not a function\n    at f (a.js:1:1)'), 'error: x is not a function (an internal error; GOGEPO_DEBUG=1 prints its stack trace)', 1],
  ])('%s: one line and its exit code', (error, line, exitCode) => {
    expect(describeError(error)).toEqual({ line, exitCode });
  });
});
