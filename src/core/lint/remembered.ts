/**
 * One kind of fact several rules need (the app's shape, the dotnet commands, a stage's chain…), kept with the
 * object it is derived from: see {@link remembered}.
 */
export class Fact<V> {
  /** Only carries the value's type. */
  declare private readonly valueType?: V;

  constructor(readonly name: string) {}
}

/**
 * Facts by the object they describe: a lint's context, one of its stages, or its lines. Each lint creates those
 * afresh and never changes them, so a fact cannot go stale, and it goes away with them. One small Map per object
 * rather than a WeakMap per kind of fact: WeakMap entries cost more to add and look up, and more to collect.
 */
const factsByOwner = new WeakMap<object, Map<Fact<unknown>, unknown>>();

/**
 * The fact about `owner`, worked out by `compute` on first use in a lint and shared by the rules after that.
 * Callers get the value itself: it is typed read-only, and must stay unchanged.
 */
export function remembered<V>(owner: object, fact: Fact<V>, compute: () => V): V {
  let facts = factsByOwner.get(owner);
  if (!facts) factsByOwner.set(owner, facts = new Map());
  return rememberedIn(facts as Map<Fact<V>, V>, fact, compute);
}

/** The value under `key` in `map`, computed on first use (for facts with a second key, such as a stage of the context). */
export function rememberedIn<K, V>(map: Map<K, V>, key: K, compute: () => V): V {
  const known = map.get(key);
  if (known !== undefined || map.has(key)) return known as V;
  const value = compute();
  map.set(key, value);
  return value;
}
