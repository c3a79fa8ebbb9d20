/**
 * Bad versions of a JSON file, for fuzzing its reader (every reader of a file
 * a user or another machine can write: run folders, suites, queue jobs):
 * truncations, other whole values, and each field (two levels deep) set to a
 * wrong type, a NaN-like or infinite number, a huge array or a path outside.
 * Each is [what was done, the text].
 */
/** The values a field is replaced by: wrong types, NaN-like and infinite numbers, a huge array, a path outside the run. */
let replacements: [string, string][] | undefined;
const replacementValues = (): [string, string][] =>
  (replacements ??= [
    ['null', 'null'], ['a string', '"x"'], ['-1', '-1'], ['a fraction', '0.5'], ['1e309 (Infinity)', '1e309'], ['-1e309', '-1e309'],
    ['an empty array', '[]'], ['an object', '{}'], ['a huge array', `[${Array(2_000_000).fill(0).join(',')}]`], ['a path outside', '"../../../../etc/passwd"'],
  ]);

/** Mutations of a JSON text: truncations, other whole values, and each field (two levels deep) replaced. */
export function jsonMutations(text: string): [string, string][] {
  const out: [string, string][] = [
    ['truncated to a third', text.slice(0, Math.floor(text.length / 3))],
    ['truncated by one character', text.slice(0, -2)],
    ['empty', ''], ['{}', '{}'], ['[]', '[]'], ['null', 'null'], ['a number', '7'],
  ];
  const value = JSON.parse(text) as Record<string, unknown>;
  const fields: string[][] = [];
  for (const [key, inner] of Object.entries(value)) {
    fields.push([key]);
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) for (const k of Object.keys(inner)) fields.push([key, k]);
  }
  for (const path of fields) {
    for (const [what, json] of replacementValues()) {
      const marker = '"__FUZZ__"';
      const copy = structuredClone(value);
      let target = copy as Record<string, unknown>;
      for (const k of path.slice(0, -1)) target = target[k] as Record<string, unknown>;
      target[path.at(-1)!] = '__FUZZ__';
      out.push([`${path.join('.')} = ${what}`, JSON.stringify(copy).replace(marker, json)]);
    }
  }
  return out;
}

/** JSON-lines mutations: a garbage line, a truncated line, a line of each wrong value. */
export function jsonLinesMutations(text: string): [string, string][] {
  const lines = text.split('\n').filter((l) => l !== '');
  const out: [string, string][] = [['a garbage line', `${lines[0]}\nnot json at all\n`], ['a cut line in the middle', `${lines[0].slice(0, 10)}\n${lines[1] ?? lines[0]}\n`]];
  for (const [what, mutated] of jsonMutations(lines[0])) out.push([`line 1: ${what}`, `${mutated}\n${lines.slice(1).join('\n')}\n`]);
  return out;
}
