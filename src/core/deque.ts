/**
 * A first-in first-out list that takes from the front in constant time, where Array.shift would
 * move every element. Head and tail are explicit indices: a Luau table with holes at the front
 * has no reliable length, so the length operator is never used on it.
 */
export class Deque<T extends defined> {
	private items = new Map<number, T>();
	private head = 0;
	private tail = 0;

	size(): number {
		return this.tail - this.head;
	}

	push(item: T) {
		this.items.set(this.tail, item);
		this.tail += 1;
	}

	/** Puts `item` first (rare: an adopted action that must go before this server's own). */
	unshift(item: T) {
		this.head -= 1;
		this.items.set(this.head, item);
	}

	peek(): T | undefined {
		return this.head < this.tail ? this.items.get(this.head) : undefined;
	}

	shift(): T | undefined {
		if (this.head >= this.tail) return undefined;
		const item = this.items.get(this.head);
		this.items.delete(this.head);
		this.head += 1;
		return item;
	}

	forEach(visit: (item: T) => void) {
		for (let i = this.head; i < this.tail; i++) visit(this.items.get(i)!);
	}
}
