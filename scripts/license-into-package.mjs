#!/usr/bin/env node
// prepack of every package: puts the repository's LICENSE into the package
// folder, so that its tarball carries it (npm and pnpm always pack a
// package's LICENSE). The copies are not committed (.gitignore); the root file
// is the one to edit.
import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

copyFileSync(fileURLToPath(new URL('../LICENSE', import.meta.url)), 'LICENSE');
