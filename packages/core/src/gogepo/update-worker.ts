/**
 * A GoGePo update helper thread (see update-helpers.ts): holds its own G and V,
 * takes their current parameters with each job and answers with the gradient of
 * its part of the batch.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { initBackend, PolicyLayout, Rng, tf, type BackendChoice } from '@gogepo/nn';
import { initialNetworks } from './engine.js';
import { assignFlat, evaluatorLoss, flatten, generatorLoss } from './losses.js';
import type { HelperAnswer, HelperJob, HelperSpec } from './update-helpers.js';

const { spec, port, signal } = workerData as { spec: HelperSpec; port: MessagePort; signal: Int32Array };

function reply(answer: HelperAnswer): void {
  port.postMessage(answer, 'grads' in answer ? [answer.grads.buffer as ArrayBuffer] : []);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

async function build() {
  await initBackend(spec.backend as BackendChoice);
  const layout = new PolicyLayout(spec.observationSize, spec.actionSize, spec.config.policyHidden, spec.hiddenActivation);
  // The initial values do not matter: every job brings the current parameters.
  const { generator, evaluator } = initialNetworks(layout, spec.actionHigh, Rng.seeded(0), spec.config);
  return { layout, generator, evaluator };
}

function answer(nets: Awaited<ReturnType<typeof build>>, job: HelperJob): HelperAnswer {
  const { layout, generator, evaluator } = nets;
  assignFlat(evaluator.variables(), job.evaluatorParams);
  if (job.kind === 'generator') assignFlat(generator.variables(), job.generatorParams);
  let result: HelperAnswer | undefined;
  tf.tidy(() => {
    const items = job.returns.map((r, i) => ({ return: r, weight: job.weights[i] }));
    const trained = job.kind === 'evaluator' ? evaluator.variables() : generator.variables();
    const loss =
      job.kind === 'evaluator'
        ? () =>
            evaluatorLoss(
              evaluator,
              layout,
              items.map((u, i) => ({ ...u, theta: job.thetas.subarray(i * layout.size, (i + 1) * layout.size) })),
            )
        : () => generatorLoss(generator, evaluator, job.scale, items);
    const { value, grads } = tf.variableGrads(loss, trained);
    result = { loss: value.dataSync()[0], grads: flatten(trained.map((v) => grads[v.name])) };
  });
  return result!;
}

const ready = build();
ready.catch(() => {}); // reported to the main thread with the first job
port.on('message', (job: HelperJob) => {
  ready.then(
    (nets) => {
      try {
        reply(answer(nets, job));
      } catch (e) {
        reply({ error: (e as Error).message });
      }
    },
    (e: Error) => reply({ error: `could not start: ${e.message}` }),
  );
});
