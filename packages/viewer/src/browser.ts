import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { ConfigError } from '@gogepo/core';

/** The Chromium that `render` (and the tests) drive: CHROMIUM_PATH, or Debian's chromium package. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) throw new ConfigError(`no Chromium at ${path}: install Debian's chromium package (sh scripts/ensure-chromium.sh) or set CHROMIUM_PATH`);
  return path;
}

/** Headless Chromium with WebGL on the CPU (SwiftShader): the viewer draws the same on any machine. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: ['--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist'] });
}
