#!/usr/bin/env node
// Checks that a model written here is the same physical system as a reference
// model (e.g. Gymnasium's asset for the same environment): the compiled
// masses, inertias, joints, actuators and contact parameters, and a rollout of
// both under the same controls from the same start.
//
//   node scripts/compare-models.mjs packages/envs/models/ant.xml PATH/TO/gymnasium/envs/mujoco/assets/ant.xml [steps]
//
// Prints the largest difference of each quantity; exits 1 when one is above 1e-9
// (compiled quantities) or 1e-6 (the rollout's qpos).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../packages/envs/package.json', import.meta.url));
const { default: loadMujoco } = await import(require.resolve('@mujoco/mujoco'));
const [ours, theirs, stepsArg] = process.argv.slice(2);
if (!ours || !theirs) {
  console.error('usage: node scripts/compare-models.mjs OURS.xml THEIRS.xml [steps]');
  process.exit(2);
}
const mj = await loadMujoco();
const load = (path) => {
  const model = mj.MjModel.from_xml_string(readFileSync(path, 'utf8'));
  return { model, data: new mj.MjData(model) };
};
const a = load(ours);
const b = load(theirs);
const fields = ['body_mass', 'body_subtreemass', 'body_inertia', 'jnt_type', 'jnt_range', 'jnt_stiffness', 'qpos0', 'dof_armature', 'dof_damping', 'dof_frictionloss', 'actuator_gear', 'actuator_ctrlrange', 'geom_type', 'geom_size', 'geom_friction', 'geom_margin', 'geom_contype', 'geom_conaffinity', 'geom_solref', 'geom_solimp', 'jnt_solref', 'jnt_solimp'];
let worst = 0;
for (const counts of ['nq', 'nv', 'nu', 'nbody', 'ngeom']) {
  if (a.model[counts] !== b.model[counts]) {
    console.log(`${counts}: ${a.model[counts]} vs ${b.model[counts]}`);
    process.exit(1);
  }
}
console.log(`option timestep ${a.model.opt.timestep} vs ${b.model.opt.timestep}, integrator ${a.model.opt.integrator} vs ${b.model.opt.integrator}`);
if (a.model.opt.timestep !== b.model.opt.timestep || a.model.opt.integrator !== b.model.opt.integrator) worst = Infinity;
for (const f of fields) {
  const x = Array.from(a.model[f]);
  const y = Array.from(b.model[f]);
  const d = x.length !== y.length ? Infinity : Math.max(0, ...x.map((v, i) => Math.abs(v - y[i])));
  console.log(`${f.padEnd(18)} max |diff| ${d}`);
  worst = Math.max(worst, d);
}
// a rollout: the same start, the same pseudo-random controls in [-1, 1]
let state = 12345;
const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
const steps = Number(stepsArg ?? 1000);
let rollout = 0;
for (let t = 0; t < steps; t++) {
  const u = Array.from({ length: a.model.nu }, next);
  for (const { model, data } of [a, b]) {
    data.ctrl.set(u);
    mj.mj_step(model, data);
  }
  const qa = a.data.qpos, qb = b.data.qpos;
  for (let i = 0; i < qa.length; i++) rollout = Math.max(rollout, Math.abs(qa[i] - qb[i]));
}
console.log(`rollout of ${steps} physics steps: max |qpos diff| ${rollout}`);
const ok = worst <= 1e-9 && rollout <= 1e-6;
console.log(ok ? 'same model' : 'DIFFERENT');
process.exit(ok ? 0 : 1);
