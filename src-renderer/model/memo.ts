// Memoization for pure view computations over immutable snapshots.

/**
 * The last result of a pure computation, reused while its arguments are the same
 * objects. Module-level in the views that use it, so switching back to a view over
 * the same task snapshot redraws without recomputing over 10,000 tasks.
 */
export function memoLast<A extends readonly unknown[], R>(compute: (...args: A) => R): (...args: A) => R {
  let lastArgs: A | null = null;
  let last: R | undefined;
  return (...args: A): R => {
    const previous = lastArgs;
    if (previous !== null && previous.length === args.length && args.every((arg, index) => Object.is(arg, previous[index]))) return last as R;
    last = compute(...args);
    lastArgs = args;
    return last;
  };
}
