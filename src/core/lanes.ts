// Lanes across servers. Actions on one member (or one session) must run one at a time in the
// whole game, not only on one server, and an action that may be on the wire must be settled
// before anything else touches that member. One MemoryStore hash-map item per lane says who is
// working it, which action is in flight (with what settles it), and which actions finished
// there lately (so a copy of an id that another server finished is recognised).
//
// A lane is held by a live server until it lets go; a server is live while its heartbeat
// advances (core/servers.ts). A lane held by a server that died passes to whoever adopts that
// server's journal, because only the adopter knows the in-flight action's full story.
//
// MemoryStore limits (https://create.roblox.com/docs/cloud-services/memory-stores/hash-map): keys
// up to 128 characters (long lane names are digested, core/keys.ts), values up to 32 KB (an item
// holds one in-flight record and at most FINISHED_KEPT finished ones, each under 400 bytes), and
// expirations up to 45 days (an item lasts SHORT_TTL once nothing is in flight on it).
import { Future } from "./future";
import { fitKey, MEMORY_KEY_LIMIT } from "./keys";
import { Liveness } from "./servers";
import { SharedMap } from "./stores";

/**
 * How long a lane item lasts while an action is in flight on it: 45 days, MemoryStore's maximum,
 * so the record outlives a crash until some server adopts the crashed server's journal.
 */
export const LONG_TTL = 3_888_000;
/** How long a lane item lasts once nothing is in flight: long enough to recognise a copy of a just-finished id. */
export const SHORT_TTL = 900;
/** Finished records kept per lane. */
const FINISHED_KEPT = 16;

/** The action a server is sending (or about to send) on a lane. */
export interface InFlight {
	id: string;
	/** The server sending it (digest of its id). */
	s: string;
	/** The member's rank before it, for settling a relative action whose answer was lost. */
	from?: number;
	/** Taken over from a server that died: it may have been sent, so it is settled before anything else. */
	t?: boolean;
}

/**
 * An action that finished on a lane. It is written only once the finishing server's journal
 * records the action as done, so a crash never leaves an adopter needing it.
 */
export interface FinishedRecord {
	id: string;
	ok: boolean;
	old?: number;
	new?: number;
	/** For a failure: its kind and (short) message. */
	e?: string;
	m?: string;
	/** For a failure that retrying could still fix: where it stopped, so a replay resumes it. */
	resume?: { kind: string; rank?: number; fromRank?: number; uncertain?: boolean };
}

export interface LaneItem {
	/** The server working the lane (digest of its id). */
	o?: string;
	/** Another server has work waiting for this lane: the holder lets go after its current action. */
	w?: boolean;
	i?: InFlight;
	f?: Array<FinishedRecord>;
	/** The member's rank after the last rank action finished here: a rank read older than that is stale. */
	r?: number;
}

export type TakeResult =
	/**
	 * The lane is ours. `inFlight`: our action was already in flight (an adopted one). `stale`:
	 * the rank given was read before the lane's last rank action finished; read it again and `begin`.
	 */
	| { taken: true; inFlight?: InFlight; stale?: boolean }
	/** Another live server holds it, or a dead one holds it with an action in flight. */
	| { busy: true; owner: string; ownerLive: boolean }
	/** This id already finished on this lane. */
	| { finished: FinishedRecord }
	/**
	 * A replay resuming an unknown outcome, and something else finished on the lane since (or the
	 * lane no longer remembers): the rank cannot tell whether it landed.
	 */
	| { movedOn: true }
	/** An action this server adopted is in flight here (it may have been sent): it goes first. */
	| { waitsFor: string };

/** This server's next action on a lane it keeps, to take in the same update that finishes the last. */
export interface NextTake {
	id: string;
	/** The member's rank it starts from, as `take` is given it. */
	from?: number;
}

export interface FinishOutcome {
	/** This server still holds the lane. */
	holds: boolean;
	/** The next action was recorded in flight (the lane is its own, as after `take`). */
	taken: boolean;
}

/** Adds `record` to the lane's finished records (replacing an older one for the same id), keeping the newest. */
function remember(item: LaneItem, record: FinishedRecord) {
	const kept = (item.f ?? []).filter((old) => old.id !== record.id);
	kept.push(record);
	while (kept.size() > FINISHED_KEPT) kept.remove(0);
	item.f = kept;
}

export class Lanes {
	/** MemoryStore calls made, for cost figures. */
	calls = 0;

	constructor(
		private readonly map: SharedMap,
		/** This server's digest. */
		private readonly me: string,
	) {}

	static key(lane: string): string {
		return fitKey("l/", lane, MEMORY_KEY_LIMIT);
	}

	/** One atomic update of a lane's item (the transform returns undefined to leave it as it is). */
	private update(lane: string, ttl: number, transform: (current: LaneItem | undefined) => LaneItem | undefined): Future<LaneItem | undefined> {
		this.calls += 1;
		return this.map.update<LaneItem>(Lanes.key(lane), transform, ttl);
	}

	/**
	 * Takes the lane for action `id` and records it as in flight (before it is sent).
	 * `liveness` says what this server last saw of another (by digest).
	 */
	take(
		lane: string,
		id: string,
		from: number | undefined,
		liveness: (server: string) => Liveness,
		resuming = false,
		queuedHere: (id: string) => boolean = () => false,
		/** Resuming a failure whose send may have landed: it is settled only if its record is still the lane's newest. */
		resumingUnknown = false,
	): Future<TakeResult> {
		const me = this.me;
		let result: TakeResult = { taken: true };
		return this.update(lane, LONG_TTL, (current) => {
			const item = current ?? {};
			// A resumed failure replaces its own record when it finishes.
			const finished = (item.f ?? []).find((record) => record.id === id && !(resuming && record.resume));
			if (finished) {
				result = { finished };
				return undefined;
			}
			const inFlight = item.i;
			// An action this server took over with the lane may have been sent by the dead server:
			// it is settled before anything else runs here, or its record would be lost.
			if (inFlight !== undefined && inFlight.s === me && inFlight.t === true && inFlight.id !== id && queuedHere(inFlight.id)) {
				result = { waitsFor: inFlight.id };
				return undefined;
			}
			// Another server's action may be on the wire: only that server, or whoever adopts
			// its journal (and with it that action), may touch the lane until it is settled. A
			// live server sending a copy of this very id blocks it too: the copy waits, then
			// finds it finished.
			// Only a server the registry shows dead (stopped, or released) gives up an action in flight.
			const blocked = inFlight !== undefined && inFlight.s !== me && (inFlight.id !== id || liveness(inFlight.s) !== "dead");
			// A lane held between actions, with nothing in flight, is let go by a server not known
			// to be alive: it holds nothing anyone needs (at worst a live holder waits its turn).
			const held = !inFlight && item.o !== undefined && item.o !== me && liveness(item.o) === "live";
			if (blocked || held) {
				const owner = blocked ? inFlight!.s : item.o!;
				result = { busy: true, owner, ownerLive: liveness(owner) !== "dead" };
				if (item.w) return undefined;
				item.w = true;
				return item;
			}
			// Settling compares the member's rank with the rank the change was sent from: once
			// another action has finished here since, the rank may have moved and come back (or
			// moved to where this change would have put it), and cannot say whether it landed.
			if (resumingUnknown) {
				const records = item.f ?? [];
				if (records.size() === 0 || records[records.size() - 1].id !== id) {
					result = { movedOn: true };
					return undefined;
				}
			}
			const resumed = inFlight !== undefined && inFlight.id === id;
			const stale = !resumed && from !== undefined && item.r !== undefined && item.r !== from;
			result = resumed ? { taken: true, inFlight } : { taken: true, stale };
			item.o = me;
			item.i = { id, s: me, from: resumed ? inFlight!.from : stale ? undefined : from };
			return item;
		}).andThen(() => result);
	}

	/** Records the member's rank before the in-flight action, read once the lane was ours. */
	begin(lane: string, id: string, from: number | undefined): Future<boolean> {
		const me = this.me;
		let ours = false;
		return this.update(lane, LONG_TTL, (current) => {
			ours = current?.i?.id === id && current.i.s === me;
			if (!ours) return undefined;
			current!.i!.from = from;
			return current;
		}).andThen(() => ours);
	}

	/**
	 * Records that the in-flight action finished (or, with no record, that nothing was applied, as
	 * when a spent quota refused it). Call it only once the journal records the action as done.
	 * Keeps the lane when `keep` and nobody else is waiting for it; resolves with whether this
	 * server still holds the lane. With `following`, a lane kept is also taken for this server's next
	 * action on it in the same update (`taken`), as `take` would, when `take` would simply hand it
	 * over: nothing of it finished here, and its rank is the lane's last (not stale).
	 */
	finish(lane: string, id: string, record: FinishedRecord | undefined, keep: boolean, following?: NextTake): Future<FinishOutcome> {
		const me = this.me;
		let holds = false;
		let taken = false;
		// SHORT_TTL: another server's action cannot be in flight on a lane this server held.
		return this.update(lane, SHORT_TTL, (current) => {
			const item = current ?? {};
			// Tried again after a write whose answer was lost, but which landed: the lane may have
			// moved on since, so its rank and the order of its records are left as they are.
			const landed = item.i?.id !== id && (item.f ?? []).some((old) => old.id === id);
			if (item.i?.id === id) item.i = undefined;
			if (record && !landed) {
				if (record.ok && record.new !== undefined) item.r = record.new;
				remember(item, record);
			}
			holds = item.o === me && keep && !item.w;
			if (item.o === me && !holds) {
				item.o = undefined;
				item.w = undefined;
			}
			taken = false;
			// An earlier try took the lane for the next action, and the lane is let go now after all:
			// that action was not sent (it waited for this answer), so its record goes too.
			if (!holds && following && item.i?.id === following.id && item.i.s === me && item.i.t === undefined) item.i = undefined;
			if (holds && following) {
				const inFlight = item.i;
				// Taken already: this update was tried again after one whose answer was lost.
				const again = inFlight?.id === following.id && inFlight.s === me && inFlight.t === undefined;
				const stale = following.from !== undefined && item.r !== undefined && item.r !== following.from;
				const finished = (item.f ?? []).some((old) => old.id === following.id);
				if (again || (inFlight === undefined && !stale && !finished)) {
					if (!again) item.i = { id: following.id, s: me, from: following.from };
					taken = true;
				}
			}
			return item;
		}).andThen(() => ({ holds, taken }));
	}

	/**
	 * For an adopter, before it runs what it adopted: whatever `dead` held on the lane is this
	 * server's now, an action in flight included (marked taken over, so it is settled first). Done
	 * before the dead server leaves the registry, so nobody has to judge it dead again.
	 */
	transfer(lane: string, dead: string): Future<void> {
		const me = this.me;
		return this.update(lane, LONG_TTL, (current) => {
			if (!current || (current.o !== dead && current.i?.s !== dead)) return undefined;
			if (current.i?.s === dead) {
				current.i = { ...current.i, s: me, t: true };
				current.o = me;
			} else {
				current.o = undefined;
			}
			return current;
		}).andThen(() => undefined);
	}

	/**
	 * For an adopter: `id` finished on `server` (its journal says so), which died before its lane
	 * said so. Clears it from the lane, so the lane is not held by a finished action.
	 */
	clear(lane: string, id: string, server: string): Future<void> {
		return this.update(lane, SHORT_TTL, (current) => {
			if (!current || current.i?.id !== id || current.i.s !== server) return undefined;
			current.i = undefined;
			if (current.o === server) current.o = undefined;
			remember(current, { id, ok: true });
			return current;
		}).andThen(() => undefined);
	}

	/** Lets go of a lane this server holds, with nothing of its own in flight. */
	release(lane: string): Future<void> {
		const me = this.me;
		return this.update(lane, SHORT_TTL, (current) => {
			if (!current || current.o !== me || current.i) return undefined;
			current.o = undefined;
			current.w = undefined;
			return current;
		}).andThen(() => undefined);
	}
}
