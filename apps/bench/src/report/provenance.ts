import { provenance, TOOL_VERSION, type Provenance } from '@gogepo/core';
import type { RunData } from './collect.js';

/** One run in the report's run table and runs.csv. */
export interface RunRow {
  id: string;
  env: string;
  label: string;
  seed: number;
  state: string;
  steps: number;
  finalReturn?: number;
  wallSeconds?: number;
  backend?: string;
  version?: string;
  commit?: string;
  machine?: string;
}

/** Where the report and its runs came from. */
export interface ReportProvenance {
  writtenAt: string;
  tool: string;
  /** The commit and machine of the code that wrote the report. */
  commit: string | null;
  machine: string;
  /** What the runs' config.json files record (distinct values; "not recorded" for runs made before 0.2.0). */
  runs: { versions: string[]; backends: string[]; commits: string[]; machines: string[] };
}

export const machineText = (m: Provenance['machine'] | undefined) =>
  m ? `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}, Node ${m.node}` : 'not recorded';

const shortCommit = (c: string | null | undefined) => (c ? c.replace(/^([0-9a-f]{10})[0-9a-f]*/, '$1') : c === null ? 'not a git checkout' : 'not recorded');

export function runRows(runs: RunData[]): RunRow[] {
  return runs.map((r) => ({
    id: r.run.id, env: r.run.env, label: r.run.label, seed: r.run.seed, state: r.state,
    steps: r.summary?.steps ?? r.evaluations.at(-1)?.steps ?? 0,
    finalReturn: r.summary?.finalReturn, wallSeconds: r.summary?.wallSeconds ?? r.evaluations.at(-1)?.wallSeconds,
    backend: r.made?.backend, version: r.made?.version, commit: r.made && shortCommit(r.made.commit), machine: r.made && machineText(r.made.machine),
  }));
}

export function provenanceOf(runs: RunData[]): ReportProvenance {
  const here = provenance();
  const distinct = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => x !== undefined))];
  const made = runs.filter((r) => r.made);
  return {
    writtenAt: new Date().toISOString(),
    tool: TOOL_VERSION,
    commit: here.commit,
    machine: machineText(here.machine),
    runs: {
      versions: distinct(made.map((r) => r.made!.version)),
      backends: distinct(made.map((r) => r.made!.backend)),
      commits: distinct(made.map((r) => shortCommit(r.made!.commit))),
      machines: distinct(made.map((r) => machineText(r.made!.machine))),
    },
  };
}
