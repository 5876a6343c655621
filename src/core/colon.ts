// In Luau a method is called with a colon, `bridge:promote(userId)`; with a dot the object is
// not passed, every argument shifts by one, and the error that follows (attempt to index a
// number...) says nothing useful. This wraps a class's methods so that such a call raises,
// at the caller's line, an error saying how to call it.

/** True if `value` is an instance of `classTable` or of a class extending it (roblox-ts's layout). */
function isInstanceOf(value: unknown, classTable: object): boolean {
	if (!typeIs(value, "table")) return false;
	let current = getmetatable(value) as { __index?: unknown } | undefined;
	while (current !== undefined) {
		if (current === classTable) return true;
		const parent = getmetatable(current) as { __index?: unknown } | undefined;
		current = parent?.__index as { __index?: unknown } | undefined;
	}
	return false;
}

/**
 * Makes every method of `classTable` (not `new`, `constructor` or metamethods, and not the
 * function-valued fields named in `functions`, which are called with a dot) refuse a call
 * without its object, naming `label` (e.g. "bridge") in the advice.
 */
export function requireColonCalls(classTable: object, label: string, functions: ReadonlyArray<string> = []) {
	const members = classTable as Record<string, unknown>;
	for (const [name, member] of pairs(members)) {
		if (!typeIs(member, "function") || name === "new" || name === "constructor" || name.sub(1, 2) === "__" || functions.includes(name)) continue;
		const method = member as (target: unknown, ...args: Array<unknown>) => unknown;
		members[name] = (target: unknown, ...args: Array<unknown>) => {
			if (!isInstanceOf(target, classTable)) {
				error(`RankBridge: ${name} is a method, so call it with a colon: ${label}:${name}(...), not ${label}.${name}(...)`, 2);
			}
			return method(target, ...args);
		};
	}
}
