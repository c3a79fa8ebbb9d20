/** ||a - b|| / ||b||: how far a computed array is from its reference (tests of the native path against the oracle). */
export function relativeError(a: Float32Array, b: Float32Array): number {
  let d = 0, n = 0;
  for (let i = 0; i < a.length; i++) (d += (a[i] - b[i]) ** 2), (n += b[i] ** 2);
  return Math.sqrt(d / n);
}
