/** Every error this package throws on bad input: a one-line message naming the problem. */
export class EnvError extends Error {
  override name = 'EnvError';
}
