/** A short hash of a policy's parameters (FNV-1a over their bytes), shown in the page to tell policies apart. */
export function thetaHash(theta: Float32Array): string {
  const bytes = new Uint8Array(theta.buffer, theta.byteOffset, theta.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
