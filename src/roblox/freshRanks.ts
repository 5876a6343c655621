// Rank reads that see the changes they are read to see. Roblox does not say whether
// GroupService:GetGroupsAsync answers from a cache, or for how long
// (https://create.roblox.com/docs/reference/engine/classes/GroupService#GetGroupsAsync), while
// Player:GetRankInGroupAsync is documented to keep its first answer for the session
// (https://create.roblox.com/docs/reference/engine/classes/Player#GetRankInGroupAsync). A rank read
// from a cache filled before a change makes a promotion whose answer was lost look unapplied (and
// it is sent again), or a member's starting rank look lower than it is.
//
// So each rank read is taken to fill a cache that lasts `maxAge` seconds, and while such a fill
// lasts, later reads may be answered from it. Once RankBridge changes a member (or sees another
// server did), a read that may come from a fill older than that change is made again once the fill
// has run out, unless it shows the very rank the change gave. The reads a game makes itself are
// not seen here; a game that reads ranks through GroupService on its own, and may change them
// within `maxAge` of that, is covered only as far as its reads are this module's.
import { Deque } from "../core/deque";
import { Future } from "../core/future";
import { Scheduler } from "../core/scheduler";
import { GroupDirectory } from "./groups";

/** Longest maxAge allowed: a read that waits this long still answers within a step's minute. */
export const MAX_READ_AGE = 30;
/** A read under way is given up by the queue after this many seconds (its step limit). */
const READ_LIMIT = 60;

interface Fill {
	/** When the read that filled it began: its answer is no older than that. */
	from: number;
	/**
	 * When it runs out: the answer's time plus maxAge. While the read is under way, a minute (a
	 * step's limit: the queue gives up on it then) plus maxAge from its start.
	 */
	until: number;
	answered?: boolean;
	/** A change to the member made (or seen) after `from`, and the rank it gave when known. */
	changedAt?: number;
	rank?: number;
}

export class FreshRanks implements GroupDirectory {
	/** Per member (user id), the fill a read now may be answered from. */
	private readonly fills = new Map<number, Fill>();
	/** Members in the order their fills began, to forget the ones that ran out. */
	private readonly order = new Deque<number>();

	constructor(
		private readonly source: GroupDirectory,
		private readonly maxAge: number,
		private readonly scheduler: Scheduler,
	) {}

	/** Fills held now (for footprint specs). */
	size(): number {
		return this.fills.size();
	}

	/**
	 * The member's rank may have changed by now, to `rank` if known: a later read must show it.
	 * Nothing is kept when no read of the member could be answered from before now.
	 */
	changed(userId: number, rank?: number) {
		const fill = this.fills.get(userId);
		if (!fill || fill.until <= this.scheduler.now()) return;
		fill.changedAt = this.scheduler.now();
		fill.rank = rank;
	}

	rankOf(groupId: number, userId: number): Future<number> {
		if (this.maxAge <= 0) return this.source.rankOf(groupId, userId);
		this.forget();
		const now = this.scheduler.now();
		let fill = this.fills.get(userId);
		// Whatever a read answers now could come from before the change: wait that cache out first.
		if (fill && fill.until > now && fill.changedAt !== undefined && fill.from < fill.changedAt && fill.rank === undefined) {
			return this.afterFill(fill, groupId, userId);
		}
		const fills = fill === undefined || fill.until <= now;
		if (fills) {
			fill = { from: now, until: now + READ_LIMIT + this.maxAge };
			this.fills.set(userId, fill);
			this.order.push(userId);
		}
		const used = fill!;
		return this.source.rankOf(groupId, userId).andThen(
			(rank): number | Future<number> => {
				if (fills && !used.answered) {
					used.answered = true;
					used.until = this.scheduler.now() + this.maxAge;
				}
				const changedAt = used.changedAt;
				if (changedAt === undefined || used.from >= changedAt || rank === used.rank) return rank;
				// It may come from before the change: read again once that fill has run out.
				return this.afterFill(used, groupId, userId);
			},
			(failure): never => {
				// A failed read fills nothing.
				if (fills && this.fills.get(userId) === used) this.fills.delete(userId);
				throw failure;
			},
		);
	}

	/** A read made once `fill` has run out. */
	private afterFill(fill: Fill, groupId: number, userId: number): Future<number> {
		const wait = fill.answered ? fill.until - this.scheduler.now() : this.maxAge;
		const again = new Future<number>();
		this.scheduler.delay(math.max(wait, 0), () => {
			if (this.fills.get(userId) === fill) this.fills.delete(userId);
			again.resolve(this.rankOf(groupId, userId));
		});
		return again;
	}

	ranks(groupId: number): Future<Array<number>> {
		return this.source.ranks(groupId);
	}

	/** Drops fills that ran out, oldest first (a member read again is further back in the order too). */
	private forget() {
		const now = this.scheduler.now();
		for (;;) {
			const userId = this.order.peek();
			if (userId === undefined) return;
			const fill = this.fills.get(userId);
			if (fill && fill.until > now) return;
			this.order.shift();
			if (fill) this.fills.delete(userId);
		}
	}
}
