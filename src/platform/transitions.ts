// A state machine's transition map, checked when its module loads: a typo in a map (a target that is
// no state, a state left out, a state nothing leads to) fails at start-up, not on the one order
// that happens to take the wrong path months later. Taobao and 1688 orders and their after-sales
// each declare their maps with it.

export interface Transitions<S extends string | number> {
  /** True when the map allows `from` → `to` (a self-loop only where the map lists it). */
  can(from: S, to: S): boolean;
  /** The states `from` may move to; empty for a terminal state. */
  targets(from: S): readonly S[];
}

/**
 * `states[0]` is the initial state; every other state must be reachable from it, except those in
 * `allowedUnreachable` (e.g. a state only a migration or an operator sets). Throws on a bad map.
 */
export function defineTransitions<S extends string | number>(
  name: string,
  states: readonly S[],
  map: Readonly<Record<S, readonly S[]>>,
  allowedUnreachable: readonly S[] = [],
): Transitions<S> {
  if (states.length === 0) throw new Error(`${name}: no states`);
  // Record keys are strings at run time, whatever S is: compare by their text.
  const known = new Map(states.map((s) => [String(s), s]));
  if (known.size !== states.length) throw new Error(`${name}: a state is listed twice`);
  for (const key of Object.keys(map)) {
    if (!known.has(key)) throw new Error(`${name}: the map has a state ${key} that is not in the states list`);
  }
  const targetsOf = new Map<string, readonly S[]>();
  for (const state of states) {
    const targets = (map as Record<string, readonly S[] | undefined>)[String(state)];
    if (targets === undefined) throw new Error(`${name}: state ${state} is missing from the map (a terminal state maps to [])`);
    for (const target of targets) {
      if (!known.has(String(target))) throw new Error(`${name}: ${state} → ${target} leads to a state that is not in the states list`);
    }
    targetsOf.set(String(state), targets);
  }
  const reached = new Set<string>([String(states[0])]);
  const queue = [String(states[0])];
  while (queue.length > 0) {
    for (const target of targetsOf.get(queue.shift()!)!) {
      if (!reached.has(String(target))) {
        reached.add(String(target));
        queue.push(String(target));
      }
    }
  }
  const exempt = new Set(allowedUnreachable.map(String));
  const unreachable = states.filter((s) => !reached.has(String(s)) && !exempt.has(String(s)));
  if (unreachable.length > 0) throw new Error(`${name}: no path from ${states[0]} to ${unreachable.join(", ")}`);
  return {
    can: (from, to) => targetsOf.get(String(from))?.includes(to) ?? false,
    targets: (from) => targetsOf.get(String(from)) ?? [],
  };
}
