import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Bad input to every command and flag of both apps: one line naming what is
 * wrong, exit code 2, no stack trace, and nothing written (each runs in an
 * empty working directory that must stay empty).
 */
const cli = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const bench = fileURLToPath(new URL('../../bench/dist/main.js', import.meta.url));
const files = mkdtempSync(join(tmpdir(), 'gogepo-bad-input-'));
const notJson = join(files, 'not-json.txt');
writeFileSync(notJson, 'hello');
const arrayJson = join(files, 'array.json');
writeFileSync(arrayJson, '[1, 2]');
const badSuite = join(files, 'suite.json');
writeFileSync(badSuite, JSON.stringify({ name: 'x', description: 'y', seeds: [0], runs: [{ algo: 'gogepo', env: 'Nope-v0' }] }));
const noRun = join(files, 'no-run');
const configFile = (name: string, value: unknown) => {
  const path = join(files, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};
const manyProbes = configFile('many-probes.json', { gogepo: { probingStates: 1_000_000_000 } });
const hugeBuffer = configFile('huge-buffer.json', { gogepo: { bufferCapacity: 50_000_000 } });
const wideDdpg = configFile('wide-ddpg.json', { ddpg: { criticHidden: [100_000] } });
const deepArs = configFile('deep-ars.json', { ars: { policyHidden: [8, 8, 8, 8, 8, 8, 8, 8, 8] } });
const hugeSuite = configFile('huge-suite.json', { name: 'huge', runs: [{ algo: 'gogepo', env: 'Hopper-v3', config: { gogepo: { probingStates: 1_000_000_000 } } }] });

const table: [string, string[], RegExp][] = [
  ['gogepo', ['envs', '--require', join(files, 'missing.js')], /--require: .*missing\.js does not exist/],
  ['gogepo', ['rollout', '--env', 'Nope-v1'], /unknown environment id "Nope-v1"/],
  ['gogepo', ['rollout', '--env', 'Hopper-v3', '--episodes', '-1'], /--episodes must be a positive integer, got "-1"/],
  ['gogepo', ['rollout', '--env', 'Hopper-v3', '--seed', '4294967296'], /--seed must be an integer in \[0, 4294967295\], got "4294967296"/],
  ['gogepo', ['train'], /required option '--env <id>' not specified/],
  ['gogepo', ['train', '--env', 'Hopper-v3', '--algo', 'ppo'], /--algo must be one of gogepo/],
  ['gogepo', ['train', '--env', 'Hopper-v3', '--steps', '2.5'], /--steps must be a positive integer, got "2\.5"/],
  ['gogepo', ['train', '--env', 'Hopper-v3', '--seed', 'abc'], /--seed must be an integer/],
  ['gogepo', ['train', '--env', 'Hopper-v3', '--config', join(files, 'missing.json')], /--config: cannot read .*missing\.json/],
  ['gogepo', ['train', '--env', 'Hopper-v3', '--config', notJson], /--config: .*not-json\.txt is not a JSON object/],
  ['gogepo', ['train', '--env', 'Hopper-v3', '--config', arrayJson], /--config: .*array\.json is not a JSON object/],
  ['gogepo', ['train', '--env', 'Hopper-v3', '--threads', 'two'], /--threads must be a positive integer, got "two"/],
  ['gogepo', ['train', '--env', 'Hopper-v3', '--backend', 'tpu'], /--backend must be one of auto, native/],
  ['gogepo', ['train', '--env', 'Hopper-v3', '--require', notJson], /--require: .*not-json\.txt failed to load/],
  ['gogepo', ['train', '--env', 'Hopper-v3', '--config', manyProbes], /^error: bad config: "gogepo\.probingStates": at most 100,000 \(a value past that is a typo\)$/],
  ['gogepo', ['train', '--env', 'Hopper-v3', '--config', hugeBuffer, '--out', join(files, 'huge')], /^error: bad config: gogepo would need about \d+\.\d GB of memory, mostly the replay buffer \(bufferCapacity 50000000 x 69635 policy parameters\)/],
  ['gogepo', ['train', '--env', 'Hopper-v3', '--algo', 'ddpg', '--config', wideDdpg], /"ddpg\.criticHidden\.0": at most 4,096/],
  ['gogepo', ['train', '--env', 'Hopper-v3', '--algo', 'ars', '--config', deepArs], /"ars\.policyHidden": at most 8 hidden layers/],
  ['gogepo-bench', ['run', '--suite', hugeSuite, '--out', join(files, 'huge-bench')], /runs\[0\] \(gogepo on Hopper-v3\): bad config: "gogepo\.probingStates": at most 100,000/],
  ['gogepo', ['resume'], /missing required argument 'dir'/],
  ['gogepo', ['resume', noRun], /no-run is not a run directory \(no config\.json\)/],
  ['gogepo', ['resume', files, '--backend', 'tpu'], /--backend must be one of/],
  ['gogepo', ['eval', noRun], /no-run: not a readable JSON policy file/],
  ['gogepo', ['eval', arrayJson], /array\.json: bad policy file: /],
  ['gogepo', ['eval', files, '--episodes', '0'], /--episodes must be a positive integer, got "0"/],
  ['gogepo', ['eval', files, '--seed', '-1'], /--seed must be an integer/],
  ['gogepo', ['eval', files], /is not a run directory \(no config\.json\)/],
  ['gogepo', ['generate', noRun, '--out', join(files, 'p.json')], /required option '--return <r>' not specified/],
  ['gogepo', ['generate', noRun, '--return', '1'], /required option '--out <file>' not specified/],
  ['gogepo', ['generate', noRun, '--return', 'NaN', '--out', join(files, 'p.json')], /--return must be a number, got "NaN"/],
  ['gogepo', ['generate', noRun, '--return', '1', '--out', notJson], /not-json\.txt exists; pass --force to overwrite it/],
  ['gogepo', ['generate', noRun, '--return', '1', '--out', join(files, 'p.json')], /no-run is not a run directory/],
  ['gogepo', ['sweep', noRun], /no-run is not a run directory/],
  ['gogepo', ['sweep', noRun, '--from', 'low'], /--from must be a number, got "low"/],
  ['gogepo', ['sweep', noRun, '--to', ''], /--to must be a number, got ""/],
  ['gogepo', ['sweep', noRun, '--n', '0'], /--n must be a positive integer, got "0"/],
  ['gogepo', ['sweep', noRun, '--n', '1'], /^error: --n must be at least 2 \(a sweep runs from --from to --to\), got 1$/],
  ['gogepo', ['sweep', noRun, '--from', '5', '--to', '1'], /^error: --from \(5\) must not be greater than --to \(1\)$/],
  ['gogepo', ['sweep', noRun, '--episodes', '1.5'], /--episodes must be a positive integer/],
  ['gogepo', ['fly'], /unknown command 'fly'/],
  ['gogepo', ['generate', noRun, '--retrun', '5', '--out', join(files, 'p.json')], /^error: unknown option '--retrun' \(did you mean --return\?\)\n/],
  ['gogepo-bench', ['run', '--suite', 'nope'], /--suite: .*nope/],
  ['gogepo-bench', ['run', '--suite', badSuite, '--out', join(files, 'b')], /unknown environment id "Nope-v0"/],
  ['gogepo-bench', ['run', '--workers', '0'], /--workers must be a positive integer, got "0"/],
  ['gogepo-bench', ['run', '--backend', 'tpu'], /--backend must be one of/],
  ['gogepo-bench', ['run', '--only', 'nothing-like-this'], /--only: "nothing-like-this" names no run of the suite/],
  ['gogepo-bench', ['report', noRun], /no-run/],
  ['gogepo-bench', ['plan', '--suite', notJson], /suite .*not-json\.txt: not valid JSON \(Unexpected token/],
];

/** Queue URLs whose password must never be printed, however malformed they are. */
const secretUrls = ['redis//:S3CRETpw@host:6379', 'redis://:S3C/RETpw@host:6379', 'redis://:S3C#RETpw@host:6379', 'http://:S3CRETpw@host:6379', 'redis://:S3CRETpw@host:6379/x?S3CRETpw', 'redis:S3CRETpw'];

describe('bad input', () => {
  it.each(secretUrls.flatMap((url) => [['run', '--queue', url], ['worker', '--out', files, '--queue', url], ['status', '--out', files, '--queue', url]]))(
    'gogepo-bench %s … --queue <a bad URL with a password>: one line that never shows the password, exit 2',
    (...args: string[]) => {
      const r = spawnSync(process.execPath, [bench, ...args], { cwd: mkdtempSync(join(tmpdir(), 'gogepo-bad-input-cwd-')), encoding: 'utf8', env: { ...process.env, GOGEPO_QUEUE_URL: '' } });
      expect(r.status).toBe(2);
      expect(r.stderr.trim()).toMatch(/^error: --queue: /);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout + r.stderr).not.toMatch(/S3C|RETpw/);
    },
  );

  it('takes the queue URL from GOGEPO_QUEUE_URL with --queue alone, and says so when it is not set', () => {
    const go = (args: string[], url?: string) => spawnSync(process.execPath, [bench, ...args], { encoding: 'utf8', env: { ...process.env, GOGEPO_QUEUE_URL: url ?? '' } });
    for (const args of [['worker', '--out', files], ['status', '--out', files, '--queue']]) {
      const missing = go(args);
      expect(missing.status).toBe(2);
      expect(missing.stderr.trim()).toBe('error: --queue: give the Redis URL, or set GOGEPO_QUEUE_URL (which keeps its password off the command line)');
      const bad = go(args, 'redis://:S3C/RETpw@127.0.0.1:1');
      expect(bad.status).toBe(2);
      expect(bad.stdout + bad.stderr).not.toMatch(/S3C|RETpw/);
    }
  });

  it.each(table)('%s %j: one line, exit 2, nothing written', (app, args, message) => {
    const cwd = mkdtempSync(join(tmpdir(), 'gogepo-bad-input-cwd-'));
    const before = readdirSync(files).sort();
    const r = spawnSync(process.execPath, [app === 'gogepo' ? cli : bench, ...args], { cwd, encoding: 'utf8' });
    expect(r.stderr.trim()).toMatch(message);
    expect(r.stderr.trim().split('\n').filter((l) => !l.startsWith('(run with --help'))).toHaveLength(1);
    expect(r.status).toBe(2);
    expect(readdirSync(cwd)).toEqual([]);
    expect(readdirSync(files).sort()).toEqual(before);
  });
});
