import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * A full disk and read-only media, for real: the run lives on a small tmpfs.
 * Mounting needs root (CI and the project's machines run as root); elsewhere
 * the test is skipped and says so.
 */
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const bench = fileURLToPath(new URL('../../bench/dist/main.js', import.meta.url));
const gogepo = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });
const sh = (...args: string[]) => spawnSync(args[0], args.slice(1), { encoding: 'utf8' });
const withoutWallTime = (path: string) => readFileSync(path, 'utf8').replace(/"wallSeconds":[\d.e+-]+/g, '');

const mountPoint = mkdtempSync(join(tmpdir(), 'gogepo-tmpfs-'));
const mounted = sh('mount', '-t', 'tmpfs', '-o', 'size=160k', 'tmpfs', mountPoint).status === 0;
afterAll(() => {
  if (mounted) sh('umount', mountPoint);
});
if (!mounted) console.warn('disk-faults.test.ts: skipped, this user cannot mount a tmpfs');

describe.skipIf(!mounted)('a full disk and read-only media', () => {
  it('fails in one line when the disk fills, resumes exactly once there is space, and reads from read-only media', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-disk-'));
    const settings = join(dir, 'settings.json');
    const tiny = { policyHidden: [16], headHidden: [16], evaluatorHidden: [16], probingStates: 8, generatorSteps: 2, evaluatorSteps: 1 };
    writeFileSync(settings, JSON.stringify({ evalInterval: 500, evalEpisodes: 2, checkpointEpisodes: 5, gogepo: tiny }));
    const train = (out: string) => gogepo('train', '--env', 'InvertedPendulum-v2', '--steps', '12000', '--seed', '3', '--out', out, '--config', settings, '--backend', 'native');
    const straight = join(dir, 'straight');
    expect(train(straight).status).toBe(0);

    const onTmpfs = join(mountPoint, 'run');
    mkdirSync(onTmpfs);
    const full = train(onTmpfs);
    expect(full.status).toBe(1);
    expect(full.stderr.trim()).toMatch(/^error: .*: no space left on the device; free some and run the command again \(a run resumes from its last checkpoint\) \(ENOSPC in write\)$/);

    expect(sh('mount', '-o', 'remount,size=64m', mountPoint).status).toBe(0); // space freed
    const resumed = gogepo('resume', onTmpfs, '--backend', 'native');
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
    for (const f of ['episodes.jsonl', 'metrics.jsonl']) expect(withoutWallTime(join(onTmpfs, f))).toBe(withoutWallTime(join(straight, f)));
    expect(readFileSync(join(onTmpfs, 'buffer.f32')).equals(readFileSync(join(straight, 'buffer.f32')))).toBe(true);

    expect(sh('mount', '-o', 'remount,ro', mountPoint).status).toBe(0);
    const evaluated = gogepo('eval', onTmpfs, '--episodes', '2', '--backend', 'native');
    expect(evaluated.stderr).toBe('');
    expect(evaluated.status).toBe(0);
    expect(gogepo('generate', onTmpfs, '--return', '50', '--out', join(dir, 'p.json'), '--backend', 'native').status).toBe(0);
    const written = gogepo('generate', onTmpfs, '--return', '50', '--out', join(onTmpfs, 'p.json'), '--backend', 'native');
    expect(written.status).toBe(1);
    expect(written.stderr.trim()).toMatch(/^error: .*\/run\/p\.json: the file system is read-only \(EROFS in open\)$/);
  }, 300_000);

  it('a run whose first checkpoint met a full disk resumes, once there is space, without --force', () => {
    const small = mkdtempSync(join(tmpdir(), 'gogepo-tmpfs-first-'));
    expect(sh('mount', '-t', 'tmpfs', '-o', 'size=12k', 'tmpfs', small).status).toBe(0);
    try {
      const out = join(small, 'run');
      const full = gogepo('train', '--algo', 'ars', '--env', 'InvertedPendulum-v2', '--steps', '600', '--out', out, '--backend', 'native');
      expect(full.status).toBe(1);
      expect(full.stderr.trim()).toMatch(/^error: .*checkpoint\/.*: no space left on the device; free some and run the command again \(a run resumes from its last checkpoint\)/);
      expect(sh('mount', '-o', 'remount,size=64m', small).status).toBe(0);
      const resumed = gogepo('resume', out, '--backend', 'native');
      expect(resumed.stderr).toBe('');
      expect(resumed.status).toBe(0);
      expect(resumed.stdout).toMatch(/finished: 6\d\d steps/);
    } finally {
      sh('umount', small);
    }
  }, 300_000);

  it('a bench on a full disk: no stack trace, the failed runs name the disk; once there is space the suite finishes and no stale error is left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gogepo-disk-bench-'));
    const suite = join(dir, 'suite.json');
    writeFileSync(suite, JSON.stringify({ name: 'full', seeds: [0, 1], runs: [{ algo: 'ars', env: 'InvertedPendulum-v2', steps: 3000, config: { evalInterval: 500, evalEpisodes: 2 } }] }));
    const small = mkdtempSync(join(tmpdir(), 'gogepo-tmpfs-bench-'));
    expect(sh('mount', '-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', small).status).toBe(0);
    try {
      // room for three small files: the suite, the lock and the status file fill it, before any run writes
      writeFileSync(join(small, 'filler'), Buffer.alloc(52 * 1024));
      const out = join(small, 'bench');
      const full = spawnSync(process.execPath, [bench, 'run', '--suite', suite, '--out', out, '--workers', '1', '--backend', 'native', '--no-report'], { encoding: 'utf8' });
      expect(full.status).toBe(1);
      expect(full.stdout + full.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(full.stdout).toMatch(/FAILED .*no space left on the device/);
      expect(sh('mount', '-o', 'remount,size=64m', small).status).toBe(0);
      const again = spawnSync(process.execPath, [bench, 'run', '--suite', suite, '--out', out, '--workers', '1', '--backend', 'native', '--no-report'], { encoding: 'utf8' });
      expect(again.status, again.stdout + again.stderr).toBe(0);
      expect(again.stdout).toContain('2/2 runs done, 0 failed');
      for (const id of readdirSync(join(out, 'runs'))) expect(existsSync(join(out, 'runs', id, 'bench-error.txt')), id).toBe(false);
    } finally {
      sh('umount', small);
    }
  }, 300_000);
});
