export { antV5Options, AntV5, antV5Registration, type AntV5Options } from './ant-v5.js';
export { halfCheetahV5Options, HalfCheetahV5, halfCheetahV5Registration, type HalfCheetahV5Options } from './half-cheetah-v5.js';
export { hopperV5Options, HopperV5, hopperV5Registration, type HopperV5Options } from './hopper-v5.js';
export { invertedPendulumV5Options, InvertedPendulumV5, invertedPendulumV5Registration, type InvertedPendulumV5Options } from './inverted-pendulum-v5.js';
export { swimmerV5Options, SwimmerV5, swimmerV5Registration, type SwimmerV5Options } from './swimmer-v5.js';
export { walker2dV5Options, Walker2dV5, walker2dV5Registration, type Walker2dV5Options } from './walker2d-v5.js';
import { antV5Registration } from './ant-v5.js';
import { halfCheetahV5Registration } from './half-cheetah-v5.js';
import { hopperV5Registration } from './hopper-v5.js';
import { invertedPendulumV5Registration } from './inverted-pendulum-v5.js';
import { swimmerV5Registration } from './swimmer-v5.js';
import { walker2dV5Registration } from './walker2d-v5.js';

/** Gymnasium's v5 MuJoCo environments, in Gymnasium's order of difficulty. */
export const gymnasiumRegistrations = [invertedPendulumV5Registration, swimmerV5Registration, hopperV5Registration, halfCheetahV5Registration, walker2dV5Registration, antV5Registration];
