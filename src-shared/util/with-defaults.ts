// `{ ...defaults, ...overrides }` lets an explicit `undefined` in the overrides
// replace a default (a knob read from a URL that was not given, a CLI flag that
// was not passed): the 10-second undo window became a 0-ms one that way. This
// keeps the default for every key whose override is `undefined`.
export function withDefaults<T extends object>(defaults: T, overrides: { [K in keyof T]?: T[K] | undefined }): T {
  const result = { ...defaults };
  for (const key of Object.keys(overrides) as (keyof T)[]) {
    const value = overrides[key];
    if (value !== undefined) result[key] = value as T[keyof T];
  }
  return result;
}
