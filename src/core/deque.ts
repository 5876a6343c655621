/**
 * First-in first-out lines that take from the front in constant time, where Array.shift would
 * move every element. A line keeps its items at integer keys of its own table, from `head + 1`
 * to `tail`, so it costs no table of its own: a member's lane is a line of its actions, and a
 * deep queue holds one lane per member. Head and tail are explicit (and left out while 0): a
 * Luau table with holes at the front has no reliable length, so the length operator is never
 * used on it.
 */
export interface Line<T extends defined> {
	head?: number;
	tail?: number;
	[slot: number]: T | undefined;
}

export function lineSize<T extends defined>(line: Line<T>): number {
	return (line.tail ?? 0) - (line.head ?? 0);
}

export function linePush<T extends defined>(line: Line<T>, item: T) {
	const tail = (line.tail ?? 0) + 1;
	line.tail = tail;
	line[tail] = item;
}

/** Puts `item` first (rare: an adopted action that must go before this server's own). */
export function lineUnshift<T extends defined>(line: Line<T>, item: T) {
	const head = line.head ?? 0;
	line[head] = item;
	line.head = head - 1;
}

export function linePeek<T extends defined>(line: Line<T>): T | undefined {
	const head = line.head ?? 0;
	return head < (line.tail ?? 0) ? line[head + 1] : undefined;
}

export function lineShift<T extends defined>(line: Line<T>): T | undefined {
	const head = line.head ?? 0;
	if (head >= (line.tail ?? 0)) return undefined;
	const item = line[head + 1];
	line[head + 1] = undefined;
	line.head = head + 1;
	return item;
}

/** A line on a table of its own. */
export class Deque<T extends defined> {
	private readonly line: Line<T> = {};

	size(): number {
		return lineSize(this.line);
	}

	push(item: T) {
		linePush(this.line, item);
	}

	/** Puts `item` first. */
	unshift(item: T) {
		lineUnshift(this.line, item);
	}

	peek(): T | undefined {
		return linePeek(this.line);
	}

	shift(): T | undefined {
		return lineShift(this.line);
	}

	forEach(visit: (item: T) => void) {
		const line = this.line;
		for (let i = (line.head ?? 0) + 1; i <= (line.tail ?? 0); i++) visit(line[i]!);
	}
}
