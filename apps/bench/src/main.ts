#!/usr/bin/env node
import '@gogepo/baselines'; // registers ARS, DDPG and UDRL
import { ConfigError } from '@gogepo/core';
import { EnvError } from '@gogepo/envs';
import { program } from './program.js';

try {
  await program().parseAsync(process.argv);
} catch (error) {
  if (error instanceof EnvError || error instanceof ConfigError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
