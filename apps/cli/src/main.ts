#!/usr/bin/env node
import { exitWithError } from '@gogepo/core/cli';
import { program } from './program.js';

try {
  await program().parseAsync(process.argv);
} catch (error) {
  exitWithError(error);
}
