// @gogepo/native in the page: there is no addon in a browser, so every
// native path reports itself unavailable and the JS paths run.
const unavailable = 'the native addon does not run in a browser';
export const nativeAddon = (): undefined => undefined;
export const nativeUnavailable = (): string => unavailable;
export function requireNative(): never {
  throw new Error(unavailable);
}
class Unavailable {
  constructor() {
    throw new Error(unavailable);
  }
}
export const NativePolicyRunner = Unavailable;
export const NativeAdam = Unavailable;
export const NativeGoGePoNets = Unavailable;
export const sgemm = requireNative;
