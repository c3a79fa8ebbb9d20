#!/usr/bin/env node
import { ConfigError } from '@gogepo/core';
import { EnvError } from '@gogepo/envs';
import { program } from './program.js';

try {
  await program().parseAsync(process.argv);
} catch (error) {
  if (error instanceof EnvError || error instanceof ConfigError) { // UsageError is a ConfigError
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
