// Rank commands still queued on this server, by member. A command works out the absolute rank
// it will set from the rank the member will have once the commands before it have run, not from
// the rank they have now: two quick /promote commands give 10 -> 20, then 20 -> 30, and the
// second is checked against 30, not against a second 10 -> 20. Working that out (reading ranks,
// checking, queueing) runs one command per member at a time, so no two plan from the same state.

export class PendingRanks {
	private readonly planned = new Map<number, { rank: number; count: number }>();
	private readonly turns = new Map<number, Promise<void>>();

	/** The rank this server's queued commands will leave the member at; undefined if none are queued. */
	rankAfterQueued(userId: number): number | undefined {
		return this.planned.get(userId)?.rank;
	}

	/** Notes a queued change to `rank`, counted until `change` settles. */
	track(userId: number, rank: number, change: Promise<unknown>) {
		const entry = this.planned.get(userId);
		this.planned.set(userId, { rank, count: (entry?.count ?? 0) + 1 });
		change
			.catch(() => undefined)
			.then(() => {
				const current = this.planned.get(userId);
				if (!current) return;
				if (current.count <= 1) this.planned.delete(userId);
				else current.count -= 1;
			});
	}

	/** Runs `plan` once every plan for this member begun before it has finished. */
	inTurn<T>(userId: number, plan: () => Promise<T>): Promise<T> {
		const before = this.turns.get(userId) ?? Promise.resolve();
		// The turn is taken before `plan` can start: a plan that runs at once may let other
		// commands' work run too (promise callbacks), and they must queue behind this one.
		let endTurn!: () => void;
		const turn = new Promise<void>((resolve) => (endTurn = resolve));
		this.turns.set(userId, turn);
		const result = before.then(plan);
		result.then(endTurn, endTurn);
		turn.then(() => {
			if (this.turns.get(userId) === turn) this.turns.delete(userId);
		});
		return result;
	}
}
