/**
 * A schema built on first use. The compiled build takes the built-in knowledge as checked at build time
 * (gateway/util/yaml-cache.ts), so a command such as analyze runs no schema at all; building the zod schemas at module
 * load still cost ~12 ms of CPU of a small analyze (measured with --cpu-prof on the 1.6 MB lab capture). A schema
 * wrapped here is built the first time anything reads it (a user-supplied file, a file changed since the build, the
 * tests, the JSON Schema generator) and is the same schema from then on.
 */
import { z } from 'zod';

let builtCount = 0;

/** How many lazy schemas have been built in this process (the tests check a fresh build's analyze builds none). */
export function lazySchemasBuilt(): number {
  return builtCount;
}

/**
 * `make()`'s result, built when first read. The value stands in for it everywhere (properties, methods, `instanceof`,
 * `in`); `make` must not read the value it is building.
 */
export function lazySchema<T extends object>(make: () => T): T {
  let built: T | undefined;
  const real = (): T => {
    if (built === undefined) {
      built = make();
      builtCount++;
      // zod finds a schema's description (`.meta()`, used by the JSON Schema generators) by the object's identity:
      // the stand-in is given the description of what it stands for.
      const meta = z.globalRegistry.get(built as unknown as z.ZodType);
      if (meta) z.globalRegistry.add(stand as unknown as z.ZodType, meta);
    }
    return built;
  };
  const stand: T = new Proxy({} as T, {
    get: (_, key) => {
      const target = real();
      return Reflect.get(target, key, target);
    },
    set: (_, key, value) => Reflect.set(real(), key, value),
    has: (_, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(real(), key);
      // The stand-in's own (empty) object must be allowed to lack the property: reported as configurable.
      return d && { ...d, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
  return stand;
}
