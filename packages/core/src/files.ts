import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';

/** Writes a file atomically: a temp file in the same folder, then rename. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  const fd = openSync(tmp, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
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

  append(data: string | Uint8Array): void {
    if (typeof data === 'string') writeSync(this.fd, data);
    else writeSync(this.fd, data, 0, data.byteLength);
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
