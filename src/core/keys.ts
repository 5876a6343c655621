// Keys for the shared stores, within the engine's limits. A name that would make a key too long
// (a caller's session id, an action id) is replaced by a digest of it, never cut short: two long
// names that share a prefix must not share a key.

/** MemoryStore keys: at most 128 characters (https://create.roblox.com/docs/cloud-services/memory-stores/hash-map). */
export const MEMORY_KEY_LIMIT = 128;
/** DataStore keys: at most 50 characters (https://create.roblox.com/docs/cloud-services/data-stores/error-codes-and-limits). */
export const DATA_KEY_LIMIT = 50;

const TWO_32 = 2 ** 32;

/** FNV-1a over the bytes of `text`, from `basis`; the multiply is split so it stays exact in doubles. */
function fnv1a(text: string, basis: number): number {
	let hash = basis;
	const length = text.size();
	for (let i = 1; i <= length; i++) {
		hash = bit32.bxor(hash, string.byte(text, i)[0]);
		// hash * 16777619 mod 2^32, where 16777619 = 2^24 + 403.
		hash = (bit32.lshift(hash, 24) + hash * 403) % TWO_32;
	}
	return hash;
}

/** 64 bits of `text`'s digest as 16 hex characters. */
export function digest(text: string): string {
	return string.format("%08x%08x", fnv1a(text, 2166136261), fnv1a(text, 2654435769));
}

/** `prefix .. name`, or `prefix .. "#" .. digest(name)` if that would exceed `limit` characters. */
export function fitKey(prefix: string, name: string, limit: number): string {
	const key = prefix + name;
	return key.size() <= limit ? key : `${prefix}#${digest(name)}`;
}
