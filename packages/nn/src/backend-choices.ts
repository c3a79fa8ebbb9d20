/** The tensor backends a command can ask for (light: the command line reads it without loading tfjs). */
export const backendChoices = ['auto', 'native', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof backendChoices)[number];
