import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { GoGePoConfig } from './config.js';

/** What a helper thread needs to build its own copy of G and V (as the engine built them: `initialNetworks`). */
export interface HelperSpec {
  backend: string;
  observationSize: number;
  actionSize: number;
  hiddenActivation: 'tanh' | 'relu';
  actionHigh: number[];
  config: GoGePoConfig;
}

/** The gradient of V's loss on some policies of a batch (thetas: one after another). */
export interface EvaluatorJob {
  kind: 'evaluator';
  evaluatorParams: Float32Array;
  thetas: Float32Array;
  returns: number[];
  weights: number[];
}

/** The gradient of G's loss (through V) on some returns of a batch. */
export interface GeneratorJob {
  kind: 'generator';
  generatorParams: Float32Array;
  evaluatorParams: Float32Array;
  scale: number;
  returns: number[];
  weights: number[];
}

export type HelperJob = EvaluatorJob | GeneratorJob;
/** The part's loss and its gradient, flattened in the trained network's `variables()` order. */
export type HelperAnswer = { loss: number; grads: Float32Array } | { error: string };

const workerPath = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'gogepo', 'update-worker.js');
const answerTimeoutMs = 300_000;

interface Helper {
  worker: Worker;
  port: MessagePort;
  /** 0 while a job is out, 1 once its answer is posted. */
  signal: Int32Array;
}

/**
 * Blocks until `signal[0]` is set (true), or `timeoutMs` passes (false). The
 * value decides, not the wake-up: a helper stores 1 and then notifies, and may
 * be descheduled in between. The caller can meanwhile see the 1, take the
 * answer, post the next job (storing 0) and wait again, and only then does the
 * late notify land: `Atomics.wait` returns "ok" while no answer has been posted.
 */
export function waitForSignal(
  signal: Int32Array,
  timeoutMs: number,
  wait: (signal: Int32Array, index: number, value: number, timeoutMs: number) => string = (s, i, v, t) => Atomics.wait(s, i, v, t),
  now: () => number = Date.now,
): boolean {
  const deadline = now() + timeoutMs;
  while (Atomics.load(signal, 0) === 0) {
    const left = deadline - now();
    if (left <= 0) return false;
    wait(signal, 0, 0, left);
  }
  return true;
}

/**
 * Worker threads that compute parts of a batch's gradient, so that one GoGePo
 * update uses several cores. The calls are synchronous (the training loop is):
 * `post` hands out the parts, the caller computes its own, `collect` blocks
 * until every helper has answered.
 */
export class UpdateHelpers {
  private readonly helpers: Helper[];
  private posted = 0;

  constructor(count: number, spec: HelperSpec) {
    this.helpers = Array.from({ length: count }, () => {
      const { port1, port2 } = new MessageChannel();
      const signal = new Int32Array(new SharedArrayBuffer(4));
      const worker = new Worker(workerPath, { workerData: { spec, port: port2, signal }, transferList: [port2] });
      worker.unref();
      return { worker, port: port1, signal };
    });
  }

  get count(): number {
    return this.helpers.length;
  }

  /** Gives job i to helper i (at most `count` jobs). */
  post(jobs: HelperJob[]): void {
    if (this.posted > 0) throw new Error('update helpers: the previous jobs were not collected');
    if (jobs.length > this.helpers.length) throw new Error(`update helpers: ${jobs.length} jobs for ${this.helpers.length} helpers`);
    jobs.forEach((job, i) => {
      const { port, signal } = this.helpers[i];
      Atomics.store(signal, 0, 0);
      const transfer = job.kind === 'evaluator' ? [job.evaluatorParams.buffer, job.thetas.buffer] : [job.generatorParams.buffer, job.evaluatorParams.buffer];
      port.postMessage(job, transfer as ArrayBuffer[]);
    });
    this.posted = jobs.length;
  }

  /** The answers to the posted jobs, in order; waits for them. */
  collect(): { loss: number; grads: Float32Array }[] {
    const answers = this.helpers.slice(0, this.posted).map(({ port, signal }) => {
      if (!waitForSignal(signal, answerTimeoutMs)) {
        throw new Error(`update helper thread did not answer within ${answerTimeoutMs / 1000} s`);
      }
      const received = receiveMessageOnPort(port);
      if (!received) throw new Error('update helper thread signalled an answer but sent none');
      return received.message as HelperAnswer;
    });
    this.posted = 0;
    for (const a of answers) if ('error' in a) throw new Error(`update helper thread: ${a.error}`);
    return answers as { loss: number; grads: Float32Array }[];
  }

  dispose(): void {
    for (const h of this.helpers) {
      h.port.close();
      void h.worker.terminate();
    }
  }
}
