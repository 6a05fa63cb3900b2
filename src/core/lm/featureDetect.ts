// Feature detection for VS Code APIs a host may lack: an older VS Code, or a fork that reports a recent version but
// leaves a namespace out or stubs it. The extension works without them; only the feature that needs one is missing.

/**
 * `namespace()[name]` bound to its namespace when it is a function, else undefined. Never throws: a namespace or
 * getter that throws (an API a host declares but refuses) counts as missing.
 */
export function apiFunction<F extends (...args: never[]) => unknown>(
  namespace: () => unknown,
  name: string,
): F | undefined {
  try {
    const ns = namespace();
    if (typeof ns !== 'object' || ns === null) return undefined;
    const value = (ns as Record<string, unknown>)[name];
    return typeof value === 'function' ? (value.bind(ns) as F) : undefined;
  } catch {
    return undefined;
  }
}
