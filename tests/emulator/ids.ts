// Identifiers in the services' own formats.

// RankGun documents its ids as Convex ids: strings of a fixed length over a fixed alphabet.
const CONVEX_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const CONVEX_LENGTH = 32;

export class IdSource {
	private readonly random: Random;
	private counter = 0;

	constructor(seed?: number) {
		this.random = seed !== undefined ? new Random(seed) : new Random();
	}

	/** A Convex-style id; `prefix` is one letter marking the table, as Convex does. */
	convex(prefix: string): string {
		this.counter += 1;
		let id = prefix;
		while (id.size() < CONVEX_LENGTH) {
			const at = this.random.NextInteger(1, CONVEX_ALPHABET.size());
			id += CONVEX_ALPHABET.sub(at, at);
		}
		return id;
	}

	/** Hex of the given length (tokens, keys). */
	hex(length: number): string {
		let text = "";
		while (text.size() < length) text += "%x".format(this.random.NextInteger(0, 15));
		return text;
	}
}

export function isConvexId(value: string): boolean {
	return value.size() === CONVEX_LENGTH && value.match(`^[${CONVEX_ALPHABET}]+$`)[0] !== undefined;
}
