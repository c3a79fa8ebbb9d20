import { endianness } from 'node:os';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, zodProblem } from './errors.js';
import { writeFileAtomic } from './files.js';

export interface NamedTensor {
  shape: number[];
  data: Float32Array;
}

if (endianness() !== 'LE') throw new Error('gogepo checkpoints are little-endian; this machine is big-endian');

/**
 * Writes float32 tensors in the safetensors format (an 8-byte little-endian
 * header length, a JSON header, then raw little-endian data): an open format
 * that numpy, PyTorch and the `safetensors` libraries read directly.
 */
export function writeSafetensors(path: string, tensors: Map<string, NamedTensor>): void {
  const header: Record<string, { dtype: 'F32'; shape: number[]; data_offsets: [number, number] }> = {};
  let offset = 0;
  for (const [name, t] of tensors) {
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const headerBytes = Buffer.from(json, 'utf8');
  const out = Buffer.alloc(8 + headerBytes.length + offset);
  out.writeBigUInt64LE(BigInt(headerBytes.length), 0);
  headerBytes.copy(out, 8);
  let at = 8 + headerBytes.length;
  for (const t of tensors.values()) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  writeFileAtomic(path, out);
}

const headerSchema = z.record(
  z.string(),
  z.object({ dtype: z.string(), shape: z.array(z.number().int().nonnegative()), data_offsets: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]) }).passthrough(),
);

/** Reads float32 tensors from a safetensors file; a truncated or corrupt file is a one-line ConfigError naming it. */
export function readSafetensors(path: string): Map<string, NamedTensor> {
  const file = readFileSync(path);
  const bad = (why: string) => new ConfigError(`${path} is not a readable safetensors file: ${why}`);
  if (file.length < 8) throw bad(`${file.length} bytes, shorter than its 8-byte header length`);
  const headerLength = Number(file.readBigUInt64LE(0));
  if (8 + headerLength > file.length) throw bad(`its header says ${headerLength} bytes, the file holds ${file.length - 8} after the length`);
  let raw: unknown;
  try {
    raw = JSON.parse(file.subarray(8, 8 + headerLength).toString('utf8'));
  } catch {
    throw bad('its header is not JSON');
  }
  const { __metadata__: _metadata, ...entries } = (raw ?? {}) as Record<string, unknown>;
  const parsed = headerSchema.safeParse(entries);
  if (!parsed.success) throw bad(zodProblem(parsed.error));
  const base = 8 + headerLength;
  const tensors = new Map<string, NamedTensor>();
  for (const [name, h] of Object.entries(parsed.data)) {
    if (h.dtype !== 'F32') throw bad(`tensor "${name}" has dtype ${h.dtype}; only F32 is supported`);
    const [start, end] = h.data_offsets;
    const count = h.shape.reduce((n, d) => n * d, 1);
    if (end - start !== 4 * count || base + end > file.length) throw bad(`tensor "${name}" (${h.shape.join(' x ')}) does not fit its data offsets ${start}-${end} (the file may be cut short)`);
    const bytes = file.subarray(base + start, base + end);
    tensors.set(name, { shape: h.shape, data: new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) });
  }
  return tensors;
}
