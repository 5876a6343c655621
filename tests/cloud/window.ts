// A sliding window: how much was used in the last `seconds`, as the per-minute quotas count it.
export class SlidingWindow {
	private readonly times = new Array<number>();
	private readonly amounts = new Array<number>();
	private head = 0;
	private total = 0;

	constructor(private readonly seconds = 60) {}

	/** What was added in the window ending at `now`. */
	used(now: number): number {
		const horizon = now - this.seconds;
		while (this.head < this.times.size() && this.times[this.head] <= horizon) {
			this.total -= this.amounts[this.head];
			this.head += 1;
		}
		// Compact now and then, so a long run does not keep every entry it ever saw.
		if (this.head > 256 && this.head * 2 > this.times.size()) {
			const keep = this.times.size() - this.head;
			for (let i = 0; i < keep; i++) {
				this.times[i] = this.times[this.head + i];
				this.amounts[i] = this.amounts[this.head + i];
			}
			for (let i = this.times.size() - 1; i >= keep; i--) {
				this.times.remove(i);
				this.amounts.remove(i);
			}
			this.head = 0;
		}
		return this.total;
	}

	add(now: number, amount: number) {
		this.times.push(now);
		this.amounts.push(amount);
		this.total += amount;
	}
}
