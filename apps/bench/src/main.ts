#!/usr/bin/env node
import '@gogepo/baselines'; // registers ARS, DDPG and UDRL
import { exitWithError } from '@gogepo/core';
import { program } from './program.js';

try {
  await program().parseAsync(process.argv);
} catch (error) {
  exitWithError(error);
}
