// Rank reads that see the changes they are read to see. Roblox does not say whether
// GroupService:GetGroupsAsync answers from a cache, or for how long
// (https://create.roblox.com/docs/reference/engine/classes/GroupService#GetGroupsAsync), while
// Player:GetRankInGroupAsync is documented to keep its first answer for the session
// (https://create.roblox.com/docs/reference/engine/classes/Player#GetRankInGroupAsync). A rank read
// from a cache filled before a change makes a promotion whose answer was lost look unapplied (and
// it is sent again), or a member's starting rank look lower than it is.
//
// So GroupService is taken to keep each rank it fetches for up to `maxAge` seconds, and to fetch
// at any moment while a read is under way. A cached answer then comes from a fetch made during
// one of this server's reads that answered less than `maxAge` ago (or has not answered yet). Once
// RankBridge changes a member (or sees another server did, or settles a send that may have
// landed), a read while any read begun before that change could still be cached may show the
// rank from before it: unless it shows the rank the change gave, it is made again once all such
// reads are past `maxAge`. The reads a game makes itself are not seen here; a game that reads
// ranks through GroupService on its own, and may change them within `maxAge` of that, is covered
// only as far as its reads are this module's.
import { Deque } from "../core/deque";
import { Future } from "../core/future";
import { Scheduler } from "../core/scheduler";
import { GroupDirectory } from "./groups";

/** Longest maxAge allowed: a read that waits this long still answers within a step's minute. */
export const MAX_READ_AGE = 30;
/** A read under way is given up by the queue after this many seconds (its step limit). */
const READ_LIMIT = 60;

interface Read {
	start: number;
	/** When it answered, and what; until then, undefined. */
	at?: number;
	rank?: number;
}

/** No reads (shared, never changed). */
const NONE: ReadonlyArray<Read> = [];

interface Member {
	/** This server's reads of the member whose fetch could still be cached: under way, or answered less than maxAge ago. */
	reads: Array<Read>;
	/** The last change made (or seen) to the member. */
	changedAt?: number;
	/** A read showing this rank shows that change. */
	rank?: number;
	/** Whether the change is known to have landed (else it is a send whose answer was lost). */
	landed?: boolean;
}

export class FreshRanks implements GroupDirectory {
	private readonly members = new Map<number, Member>();
	/** Each remembered member once, to forget the ones no cache could hold any more. */
	private readonly order = new Deque<number>();

	constructor(
		private readonly source: GroupDirectory,
		private readonly maxAge: number,
		private readonly scheduler: Scheduler,
	) {}

	/** Members remembered now (for footprint specs). */
	size(): number {
		return this.members.size();
	}

	/**
	 * The member's rank changed by now, to `rank` if known (`landed`), or may have (a send whose
	 * answer was lost, that would give `rank`): a later read must show it. Nothing is kept when
	 * no read of the member could be cached now.
	 */
	changed(userId: number, rank?: number, landed = true) {
		const member = this.members.get(userId);
		if (!member || !this.live(member, this.scheduler.now())) return;
		member.changedAt = this.scheduler.now();
		member.rank = rank;
		member.landed = landed;
	}

	rankOf(groupId: number, userId: number): Future<number> {
		if (this.maxAge <= 0) return this.source.rankOf(groupId, userId);
		this.forget();
		const now = this.scheduler.now();
		let member = this.members.get(userId);
		if (!member) {
			member = { reads: [] };
			this.members.set(userId, member);
			this.order.push(userId);
		}
		const known = member;
		// Without a rank that would prove an answer new, any answer now could be from before the change.
		if (known.rank === undefined && this.blocking(known, now).size() > 0) return this.afterBlocking(known, groupId, userId);
		const read: Read = { start: now };
		known.reads.push(read);
		return this.source.rankOf(groupId, userId).andThen(
			(rank): number | Future<number> => {
				read.at = this.scheduler.now();
				read.rank = rank;
				const blocking = this.blocking(known, now);
				if (blocking.size() === 0 || (rank === known.rank && (known.landed || !this.mayHold(blocking, rank)))) return rank;
				return this.afterBlocking(known, groupId, userId);
			},
			(failure): never => {
				// A failed read fetched nothing.
				known.reads = known.reads.filter((other) => other !== read);
				throw failure;
			},
		);
	}

	ranks(groupId: number): Future<Array<number>> {
		return this.source.ranks(groupId);
	}

	/** When a read's fetch stops being cached, at the latest. */
	private expiry(read: Read): number {
		return (read.at ?? read.start + READ_LIMIT) + this.maxAge;
	}

	/** Whether any read of the member could still be cached at `now`. */
	private live(member: Member, now: number): boolean {
		return member.reads.some((read) => this.expiry(read) > now);
	}

	/** Reads begun before the member's last change whose fetch could still be cached after `now`. */
	private blocking(member: Member, now: number): ReadonlyArray<Read> {
		const changedAt = member.changedAt;
		if (changedAt === undefined) return NONE;
		return member.reads.filter((read) => read.start < changedAt && this.expiry(read) > now);
	}

	/** Whether a cache could hold `rank` from one of `reads` (one not answered yet could hold anything). */
	private mayHold(reads: ReadonlyArray<Read>, rank: number): boolean {
		return reads.some((read) => read.at === undefined || read.rank === rank);
	}

	/** A read made once no read begun before the change can be cached any more. */
	private afterBlocking(member: Member, groupId: number, userId: number): Future<number> {
		const now = this.scheduler.now();
		let ready = now;
		for (const read of this.blocking(member, now)) ready = math.max(ready, this.expiry(read));
		const again = new Future<number>();
		this.scheduler.delay(ready - now, () => again.resolve(this.rankOf(groupId, userId)));
		return again;
	}

	/**
	 * Drops members no cache could hold any more from the front of the order; a member still held
	 * goes to the back, one a call, so one read again and again keeps no other from being dropped.
	 */
	private forget() {
		const now = this.scheduler.now();
		for (;;) {
			const userId = this.order.shift();
			if (userId === undefined) return;
			const member = this.members.get(userId)!;
			member.reads = member.reads.filter((read) => this.expiry(read) > now);
			if (member.reads.size() > 0) {
				this.order.push(userId);
				return;
			}
			this.members.delete(userId);
		}
	}
}
