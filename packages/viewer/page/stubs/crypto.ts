// node:crypto in the page: only randomInt is used (an environment reset without a seed).
export function randomInt(max: number): number {
  const words = new Uint32Array(2);
  crypto.getRandomValues(words);
  return Math.floor(((words[0] * 2 ** 32 + words[1]) / 2 ** 64) * max);
}
