import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import type { z } from 'zod';
import { crashPoint } from './crash-points.js';
import { ConfigError, oneLine, zodProblem } from './errors.js';

/** Writes a file atomically: a temp file in the same folder, then rename. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    crashPoint(() => writeFileSync(tmp, data.slice(0, Math.floor(data.length / 2))));
    writeFileSync(tmp, data);
    const fd = openSync(tmp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    crashPoint();
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true }); // a failed write (disk full, a directory in the way) leaves nothing behind
    (error as NodeJS.ErrnoException).path = path; // the user's file, not our temp file
    throw error;
  }
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** A JSON file's value; a file that is not JSON (truncated, corrupt) is a one-line ConfigError naming it. */
export function readJson(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON (${oneLine((error as Error).message)}); it may have been cut short or edited`);
  }
}

/**
 * A JSON file validated by its schema: the one way a run's JSON files are
 * read. A missing file, bad JSON or a value the schema refuses is a one-line
 * ConfigError naming the file and the field.
 */
export function readJsonFile<T>(path: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(readJson(path));
  if (!parsed.success) throw new ConfigError(`${path}: ${zodProblem(parsed.error)}`);
  return parsed.data;
}

export function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/** An append-only file (JSON lines or binary records) kept open for the run. */
export class AppendLog {
  private fd: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  /** Appends all of `data` (a short write, as on a nearly full disk, is continued, never left half done). */
  append(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    try {
      crashPoint(() => writeSync(this.fd, bytes, 0, Math.floor(bytes.byteLength / 2)));
      for (let done = 0; done < bytes.byteLength; ) done += writeSync(this.fd, bytes, done, bytes.byteLength - done);
    } catch (error) {
      (error as NodeJS.ErrnoException).path ??= this.path; // a write to a descriptor names no file
      throw error;
    }
  }

  appendJson(value: unknown): void {
    this.append(`${JSON.stringify(value)}\n`);
  }

  /** Bytes written so far (what a checkpoint records, to cut the log back on resume). */
  size(): number {
    return fileSize(this.path);
  }

  sync(): void {
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }

  /** Cuts a log back to `bytes` (what its last checkpoint saw) before it is reopened. */
  static truncate(path: string, bytes: number): void {
    if (fileSize(path) > bytes) truncateSync(path, bytes);
  }
}

export function ensureDir(path: string): void {
  mkdirSync(path, { recursive: true });
}
