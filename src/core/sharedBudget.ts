// A rate budget shared by every server of the game (RankGun's 100 requests a minute belongs to
// the workspace, not to one server). One shared-map key holds an exact sliding log of the grants
// still counted, per server, each in the clock of the server that wrote it. Servers lease a few
// grants at a time (one map update per lease, not per request) and must use a grant within
// `leaseSeconds` of its logged time.
//
// Clocks. Servers' Unix clocks disagree (by 15 s or more), so no server's time is trusted by
// another. Each server's entry carries its last write time `at`, in its own clock. A reader whose
// clock reads u while it sees writer X's `at` knows at - u <= offset(X) - offset(reader), because
// the read happens after the write. The largest such observation is a lower bound on the true
// offset; subtracting it from X's times places them no earlier than they really were, so X's
// grants are counted at least as long as they should be and its pauses last at least as long.
// The bound tightens whenever a reader sees a fresh write (under load, every lease or so).
//
// Why the log never lets more than `limit` requests arrive in any window W (true time): a grant
// taken at t is sent by t + L (lease) and arrives by t + L + M (margin), so it can share a window
// with a later arrival only until t + W + L + M, and every server counts it at least that long
// ("hold"). Once the answer to a grant's request has come back at r, the service has it, however
// long the trip took: its server's next write logs it at r - L - M + 2 × CLOCK_TOLERANCE when
// that is earlier, counted until r + W and the clocks' drift, a window past its arrival, and
// nearly a second less than from its lease when grants are used at once and answered quickly
// (a grant never answered stays at its lease). Updates are atomic and ordered,
// so for any window take the grant in it whose update came last: every other grant in the window
// was in the log it read and still counted (it arrived less than W before that grant's update),
// and that update granted only while the count was under the limit.
//
// Reservations. With the window full, a lease may log a grant at a later time, up to
// RESERVE_SECONDS (and a third of the window) ahead, when enough counted grants will have stopped
// counting; its server sends it then. A reader counts every grant logged after its read (every
// reservation) in full, for every slot it considers (all within that of its read, under a hold,
// so they share a window), and a grant already begun until it stops counting; it places slot j
// where those, and the j - 1 before it, leave room. The argument above then holds unchanged. A
// grant that expires unused was never sent: the server's next write takes it out of the log
// (that write only: if a write that failed had in fact been stored, a second removal could take
// out one that went).
//
// Pace. A lease also logs each grant no sooner than the pace allows among the grants already
// logged (every server's, in the reader's clock: `paceOf`, 12 in any 6 s for 100 a minute), so a
// freed minute is not taken in one burst; later grants only count less, so the bound above holds.
// A grant the pace holds back past RESERVE_SECONDS is left for a later lease, made when it could
// be reserved.
//
// Without the map (it fails): a server that last saw N servers (itself included: the more of
// those in the log and those with work in the game's heartbeat registry, since a server that has
// not written to the log lately is missing from it) sends up to floor(limit / N) a window,
// counting its own recent sends. It first waits two holds after the failure, and
// RESERVE_SECONDS: grants other servers took before it, which it cannot see, are out of every
// window after a hold and RESERVE_SECONDS; and the map may
// fail for one server only (past the memory quota, an update that grows the item fails while one
// that shrinks it goes through), so servers that can still write leave room for a share for each
// server with work in the registry that they have not seen write for a hold; the second hold lets
// every grant they took without that room leave every window first. Afterwards the N servers'
// shares add up to at most the limit. It tries the map again at least every RETRY_SECONDS, and
// once more before its first send without it. Sends made without the map are written into the
// log on reconnecting. A server that reconnects after sending without the map, or after being cut
// off long enough that others may have, marks the log so that every server keeps to its share for
// one more window (W + M + RETRY_SECONDS), while servers still cut off keep sending theirs unseen.
import { Future } from "./future";
import { paceOf, WaitingGate, WindowLimit } from "./rateGate";
import { Scheduler } from "./scheduler";
import { SharedMap } from "./stores";

/** When the shared window is full, lease again once this many slots can be reserved. */
const BATCH_WAIT = 8;
/**
 * A lease may reserve slots that free up to this many seconds ahead (a grant logged at a later
 * time, sent once that time comes): a server leases its batch in one update instead of racing the
 * others for each slot as it frees. At most a third of the window (`reserveSeconds`), so under a
 * hold: every reservation shares a window with every slot a lease considers (see `slots`).
 */
const RESERVE_SECONDS = 20;
/** With the window (nearly) full, fewer than a batch of requests wait this long for more to lease with. */
const SMALL_LEASE_WAIT = 2;
/**
 * A server with work writes to the log at least this often (a hold is 62 s for RankGun): others
 * count a busy server silent for a hold as possibly cut off from the map.
 */
const KEEP_ALIVE_SECONDS = 40;
/** Longest wait between tries of a failing map, so a server cut off logs its sends soon after the map returns. */
const RETRY_SECONDS = 5;
/** An entry stays this long after its server's last write: how long a server counts a quiet peer. */
const MEMORY_SECONDS = 180;
/**
 * Drift between a server's Unix and monotonic clocks beyond this is a clock change: it starts a
 * new clock generation (readers forget their offset for it). Drift below it goes unnoticed, so
 * two servers' offsets may be off by twice this; the margin must cover it on top of latency.
 */
const CLOCK_TOLERANCE = 0.1;

interface ServerEntry {
	/** The writer's clock when it last wrote. */
	at: number;
	/** Its grants still counted, in its clock. */
	grants: Array<number>;
	/** No server sends before this (its clock): the service asked to wait. */
	pause?: number;
	/** Until this (its clock) every server keeps to its fair share: servers may have sent without the map. */
	shares?: number;
	/** Its clock generation: bumped when its clock jumps. */
	clock?: number;
}

interface BudgetState {
	servers: Record<string, ServerEntry>;
}

/** What one read of the log says, in the reader's clock. */
interface View {
	/** Entries kept (pruned, offsets learned), the reader's own included if it was there. */
	servers: Record<string, ServerEntry>;
	count: number;
	/** When each counted grant stops counting, reader's Unix time. */
	expiries: Array<number>;
	pauseEnd: number;
	sharesEnd: number;
}

/** The outcome of a lease, taken inside the update and acted on once it is stored. */
interface Lease {
	unix: number;
	mono: number;
	granted: number;
	/** When each grant may be used (its logged time, the reader's Unix clock), earliest first. */
	times: Array<number>;
	servers: number;
	/** Free slots left in the log (negative when sends made without the map overfilled it). */
	free: number;
	/** When the pace held back the next grant past what a lease may reserve: when it could go (reader's Unix clock). */
	pacedAt?: number;
	expiries: Array<number>;
	pauseEnd: number;
	sharesEnd: number;
}

interface Failing {
	/** Sends allowed per window while the map fails. */
	share: number;
	/** Monotonic time from which sending without the map is safe. */
	sendFrom: number;
	retryAt: number;
	failures: number;
}

export interface SharedBudgetOptions {
	limit: number;
	windowSeconds: number;
	/** Grants taken per lease, at most. */
	leaseSize: number;
	/** Seconds a leased grant may wait before it must be used or dropped. */
	leaseSeconds: number;
	/** Extra seconds a grant stays counted: request latency, plus 2 × CLOCK_TOLERANCE of undetected drift. */
	marginSeconds: number;
	/**
	 * The full ids of the servers with work in the heartbeat registry at its last look. A fair share
	 * divides the limit by their number too: the log lists only servers that wrote to it lately (a
	 * quiet one, or one whose writes fail, is missing), and each server cut off sends its share
	 * unseen. And each one silent in the log for a hold may be cut off from the map while others
	 * are not (a write that would grow the item past the memory quota fails, one that shrinks it
	 * does not): every server that can write leaves room for its share.
	 */
	busyServers?: () => ReadonlyArray<string>;
}

function isEntry(value: unknown): value is ServerEntry {
	if (!typeIs(value, "table")) return false;
	const entry = value as ServerEntry;
	return typeIs(entry.at, "number") && typeIs(entry.grants, "table");
}

/**
 * A logged time to the millisecond: what this server logged is matched with what it reads back
 * (through JSON in the map) by this. A time that rounds the other way is not moved (kept longer).
 */
function stampKey(at: number): number {
	return math.floor(at * 1000 + 0.5);
}

/**
 * Our logged grants (in clock generation `clock`) less the lapsed ones this write takes out (each
 * a logged time and its clock generation), each found by its logged time to the millisecond
 * (another grant logged at that time counts just the same).
 */
function withoutRemoved(grants: Array<number>, removing: Array<number>, clock: number): Array<number> {
	const size = removing.size();
	if (size === 0) return grants;
	const drop = new Map<number, number>();
	for (let i = 0; i < size; i += 2) {
		if (removing[i + 1] !== clock) continue;
		const key = stampKey(removing[i]);
		drop.set(key, (drop.get(key) ?? 0) + 1);
	}
	return grants.filter((at) => {
		const key = stampKey(at);
		const left = drop.get(key) ?? 0;
		if (left <= 0) return true;
		drop.set(key, left - 1);
		return false;
	});
}

/** A grant this server sent, until a write logs it at its answer. */
interface UsedGrant {
	/** Its logged time and clock generation, as in our entry. */
	stamp: number;
	clock: number;
	/** Monotonic times of the send and of the answer (once it came). */
	sentAt: number;
	answeredAt?: number;
}

/** Index of the first of `sorted` above `value`, or at or above it when `orEqual` (its size if none). */
function firstFrom(sorted: Array<number>, value: number, orEqual: boolean): number {
	let low = 0;
	let high = sorted.size();
	while (low < high) {
		const middle = math.floor((low + high) / 2);
		const at = sorted[middle];
		if (at > value || (orEqual && at === value)) high = middle;
		else low = middle + 1;
	}
	return low;
}

/** Grant times a lease may take, and, when the pace held back the next one, when it could go. */
interface Slots {
	times: Array<number>;
	nextAt?: number;
}

function fairShare(limit: number, servers: number): number {
	return math.max(1, math.floor(limit / math.max(1, servers)));
}

export class SharedBudget extends WaitingGate {
	/**
	 * Grants in hand, from one lease, earliest first: monotonic time each may be used from and
	 * expires, and the Unix time it was logged at (`grants`, clock generation `leasedClock`).
	 */
	private readonly leasedFrom = new Array<number>();
	private readonly leased = new Array<number>();
	private readonly leasedStamps = new Array<number>();
	private readonly leasedClock = new Array<number>();
	/**
	 * Grants that expired unused, two numbers each (logged time, clock generation): never sent, so
	 * the next write takes them out of the log (a pause, or a reservation no request was left for).
	 * That write only: were it to fail after storing, a second removal could take out a grant
	 * that went out.
	 */
	private lapsed = new Array<number>();
	/** Monotonic time since which fewer than a batch wait for a lease with the window (nearly) full. */
	private smallSince?: number;
	/**
	 * Grants used since they were logged. The first write after its answer came moves each to that
	 * answer less the lease and the margin's latency (never later than it was logged), so it stops
	 * counting a minute after the answer rather than a hold after the lease. One with no answer (a
	 * timeout) stays at its lease.
	 */
	private used = new Array<UsedGrant>();
	private leasing = false;
	/** Monotonic time before which a new lease is pointless (the shared window is full). */
	private leaseAfter = 0;
	/** A lease is due on the next tick: requests made in the same frame share one lease. */
	private leaseDue = false;
	/** Monotonic times of this server's sends in the last window and margin. */
	private readonly sent = new Array<number>();
	/** Monotonic times of sends made without the map, not yet written to the log. */
	private unlogged = new Array<number>();
	/** Servers in the log at the last read, this one included. */
	private serversSeen = 1;
	/** Per writer: the largest (its `at` - our clock) observed, a lower bound on its clock's offset from ours. */
	private readonly offsets = new Map<string, { clock: number; seconds: number }>();
	/** Unix minus monotonic time at the start of each of our clock generations. */
	private readonly clockBases = new Array<number>();
	private failing?: Failing;
	/** While set (monotonic `until`), this server keeps to `share` sends a window besides leasing. */
	private shares?: { share: number; until: number };
	/** Monotonic end of the latest pause already in the log (written or read), so it is written once. */
	private sharedPauseUntil = 0;
	/** The shared log at our last lease: its free slots then, and when (monotonic) each counted grant stops counting. */
	private lastLook?: { free: number; expiries: Array<number> };
	/** Monotonic time of our last successful write, if any. */
	private lastWrite?: number;
	/**
	 * Per other writer: its `at` at our last read, and a lower bound on when (our monotonic time) it
	 * wrote that: our read before the first that showed it, or, in the same clock generation, the
	 * bound for its previous write plus the time its clock says passed between the two.
	 */
	private readonly writes = new Map<string, { at: number; after: number; clock: number }>();
	private keepAlive?: () => void;
	/** Monotonic time of our last read of the log (inside an update, whether or not it was stored). */
	private lastRead = -math.huge;
	/** The server is shutting down: grants in hand that nobody waits for go back at once. */
	private closing = false;
	/** How the log spreads its grants through the window (see `paced`). */
	private readonly pace: WindowLimit;

	constructor(
		scheduler: Scheduler,
		private readonly map: SharedMap,
		private readonly key: string,
		private readonly serverId: string,
		private readonly options: SharedBudgetOptions,
	) {
		super(scheduler);
		this.pace = paceOf(options);
	}

	/**
	 * Requests this server could send now without waiting, as far as it knows: the grants it holds
	 * that are due,
	 * plus the room the shared log had at this server's last lease with the grants that stopped
	 * counting since (other servers may have taken some of it meanwhile), within this server's
	 * fair share while it keeps to one. Before its first lease: the limit less its own sends.
	 */
	room(): number {
		const now = this.scheduler.now();
		this.dropExpired(now);
		if (this.pausedUntil > now) return 0;
		let shared = this.options.limit - this.recentSends(now);
		const look = this.lastLook;
		if (look) {
			let freed = 0;
			for (const at of look.expiries) {
				if (at > now) break;
				freed += 1;
			}
			// Grants of ours that expired unused leave the log at our next write.
			shared = look.free + freed + this.lapsed.size() / 2;
		}
		const room = math.min(shared, this.localRoom(now), this.options.limit);
		let due = 0;
		while (due < this.leasedFrom.size() && this.leasedFrom[due] <= now) due += 1;
		return due + math.max(0, room);
	}

	/** Holds every request here at once, and every server from its next lease (one map update). */
	pause(seconds: number) {
		super.pause(seconds);
		const ends = this.scheduler.now() + seconds;
		if (seconds <= 0 || ends <= this.sharedPauseUntil) return;
		this.sharedPauseUntil = ends;
		let written: number | undefined;
		this.write((mine, _, unix, mono) => {
			// `ends` in our Unix clock now: the same instant, however long the update took.
			mine.pause = math.max(mine.pause ?? 0, unix + (ends - mono));
			written = mono;
		}).listen((ok) => {
			// On failure this server still holds; the others will meet the service's 429 themselves.
			if (ok) this.lastWrite = written;
		});
	}

	/**
	 * The server shuts down: the grants it holds and has not sent (reservations up to
	 * RESERVE_SECONDS ahead among them) leave the log in one write, and its sends move to their send
	 * times, so the other servers use those slots now rather than a hold after their logged times
	 * (a server that never writes again would leave them counted that long). A grant is taken out of
	 * hand before the write, so none of them can be sent after it. Requests still waiting (a send
	 * settling one on the wire) lease as before; grants a lease brings back once nobody waits are
	 * given back too. Without the map there is nothing to write: they stay counted, as before.
	 */
	close(): Future<unknown> {
		this.closing = true;
		this.dropUnwanted();
		return this.giveBack();
	}

	/** Grants in hand go back to the log now (lapsed, so this write takes them out). */
	private giveBack(): Future<unknown> {
		while (this.leased.size() > 0) {
			const [stamp, clock] = this.takeLeased();
			this.lapsed.push(stamp, clock);
		}
		if (this.failing || (this.lapsed.size() === 0 && this.used.size() === 0)) return Future.resolved(false);
		return this.write(() => undefined);
	}

	/** How far ahead a lease may reserve: RESERVE_SECONDS, and well under a hold for any window. */
	private reserveSeconds(): number {
		return math.min(RESERVE_SECONDS, this.options.windowSeconds / 3);
	}

	private hold(): number {
		const { windowSeconds, leaseSeconds, marginSeconds } = this.options;
		return windowSeconds + leaseSeconds + marginSeconds;
	}

	/**
	 * How long a server that cannot write to the log waits before sending without it: a hold and
	 * RESERVE_SECONDS for the grants others took before it failed (a reservation counts until a
	 * hold after its time), and a hold more so that every server that can still write has seen it
	 * silent for a hold (and leaves room for its share) before any grant they took without that
	 * room is out of every window. The margin covers the read's trip.
	 */
	private cutOffWait(): number {
		return 2 * this.hold() + this.reserveSeconds() + this.options.marginSeconds;
	}

	private ttl(): number {
		return MEMORY_SECONDS + this.hold();
	}

	private dropExpired(now: number) {
		while (this.leased.size() > 0 && this.leased[0] <= now) {
			const [stamp, clock] = this.takeLeased();
			this.lapsed.push(stamp, clock);
		}
	}

	/**
	 * A server with work that has not needed to lease since its last write (its lanes wait on
	 * something else) writes once more, so the others do not take it for one cut off from the map
	 * and hold back a share for it. An idle server, or one waiting to lease, does not.
	 */
	private stillHere() {
		if (this.leasing || this.failing || this.waiting > 0) return;
		if (!(this.options.busyServers?.() ?? []).includes(this.serverId)) return;
		this.write(() => undefined);
	}

	/** Takes the oldest grant in hand: its logged time and clock generation. */
	private takeLeased(): [number, number] {
		this.leasedFrom.shift();
		this.leased.shift();
		return [this.leasedStamps.shift()!, this.leasedClock.shift()!];
	}

	/**
	 * Our logged grants with those used and answered since moved to their answer (never later
	 * than they were): the service had a request by its answer r, whenever it counts it, so
	 * counting it from r - L - M + 2 × CLOCK_TOLERANCE keeps it until r + W and the drift the margin
	 * covers, a window past its arrival even when the trip was slower than the margin (as far as
	 * the logged time allows). Only grants logged in our current clock generation are moved (the
	 * log rewrites ours when the clock jumps; an unmatched one just keeps its time). A used grant
	 * is found by its logged time to the millisecond; another grant logged at that very time would
	 * be moved in its place, to the same time.
	 */
	private movedToSends(grants: Array<number>, clock: number, unix: number, mono: number): Array<number> {
		const used = this.used;
		const current = this.clockBases.size() - 1;
		if (used.size() === 0 || clock !== current) return grants;
		// Send times (less the lease, in our Unix clock) by logged time, oldest first.
		const sends = new Map<number, Array<number>>();
		const { leaseSeconds, marginSeconds } = this.options;
		const latency = marginSeconds - 2 * CLOCK_TOLERANCE;
		for (const grant of used) {
			if (grant.clock !== current || grant.answeredAt === undefined) continue;
			const key = stampKey(grant.stamp);
			const list = sends.get(key) ?? [];
			list.push(unix - (mono - (grant.answeredAt - latency)) - leaseSeconds);
			sends.set(key, list);
		}
		return grants.map((at) => {
			const list = sends.get(stampKey(at));
			const sentAt = list?.shift();
			return sentAt !== undefined ? math.min(at, sentAt) : at;
		});
	}

	/** Our entry's grants as this write logs them: the lapsed ones it takes out gone, the used ones moved. */
	private ownGrants(entry: ServerEntry, unix: number, mono: number, removing: Array<number>): Array<number> {
		const clock = entry.clock ?? 0;
		const current = this.clockBases.size() - 1;
		const kept = clock === current ? withoutRemoved(entry.grants, removing, current) : entry.grants;
		return this.movedToSends(kept, clock, unix, mono);
	}

	/** When a send made at `at` can no longer share a window with a later arrival. */
	private sendCounted(at: number): number {
		return at + this.options.windowSeconds + this.options.marginSeconds;
	}

	/** This server's sends that may still arrive inside a window ending after now. */
	private recentSends(now: number): number {
		while (this.sent.size() > 0 && this.sendCounted(this.sent[0]) <= now) this.sent.shift();
		return this.sent.size();
	}

	/** The fair share this server keeps to right now, if any (the map is failing, or a server sent without it). */
	private localLimit(now: number): number | undefined {
		if (this.failing) return math.min(this.failing.share, this.currentShare());
		if (this.shares && this.shares.until > now) return this.shares.share;
		return undefined;
	}

	private localRoom(now: number, limit = this.localLimit(now)): number {
		return limit === undefined ? math.huge : limit - this.recentSends(now);
	}

	/** Monotonic time the fair share next has room (after `localRoom` said none). */
	private localFreeAt(now: number): number {
		const limit = this.localLimit(now) ?? 0;
		const count = this.recentSends(now);
		return this.sendCounted(this.sent[math.max(0, count - limit)] ?? now);
	}

	/**
	 * Lets the first request in line go; false if none took the slot (nothing is counted then).
	 * `answered` hears when its answer comes back.
	 */
	private send(now: number, withoutMap: boolean, answered?: () => void): boolean {
		if (!this.release(answered)) return false;
		this.sent.push(now);
		if (withoutMap) this.unlogged.push(now);
		return true;
	}

	/** Sends made without the map that others still need to count. */
	private unloggedMatter(now: number): boolean {
		this.unlogged = this.unlogged.filter((at) => this.sendCounted(at) > now);
		return this.unlogged.size() > 0;
	}

	protected advance() {
		const now = this.scheduler.now();
		this.dropExpired(now);
		const mayPass = this.pausedUntil <= now;
		while (mayPass && this.waiting > 0 && this.leased.size() > 0 && this.leasedFrom[0] <= now && this.localRoom(now) > 0) {
			const grant: UsedGrant = { stamp: this.leasedStamps[0], clock: this.leasedClock[0], sentAt: now };
			// A grant nobody took after all (each declined) stays in hand.
			if (!this.send(now, false, () => (grant.answeredAt ??= this.scheduler.now()))) break;
			this.takeLeased();
			this.used.push(grant);
		}
		if (this.leasing) return;
		if (this.closing && this.waiting === 0 && this.leased.size() > 0) {
			this.giveBack();
			return;
		}
		const waiting = this.waiting > 0;
		const failing = this.failing;
		if (failing && now < failing.retryAt) {
			if (mayPass && now >= failing.sendFrom) {
				while (this.waiting > 0 && this.localRoom(now) > 0 && this.send(now, true));
			}
			// A failing server retries the map even when idle, until its sends are logged.
			let wakeAt = waiting || this.unloggedMatter(now) ? failing.retryAt : math.huge;
			if (this.waiting > 0) {
				if (!mayPass) wakeAt = math.min(wakeAt, this.pausedUntil);
				else if (now < failing.sendFrom) wakeAt = math.min(wakeAt, failing.sendFrom);
				else wakeAt = math.min(wakeAt, this.localFreeAt(now));
			}
			if (wakeAt < math.huge) this.wakeAt(wakeAt);
			return;
		}
		if (failing && !waiting && this.unloggedMatter(now)) return this.lease(0);
		if (!waiting) return;
		if (!mayPass) return this.wakeAt(this.pausedUntil);
		if (!failing && this.leased.size() > 0 && this.localRoom(now) > 0) return this.wakeAt(this.leasedFrom[0]);
		if (!failing && (this.leased.size() > 0 || this.localRoom(now) <= 0)) return this.wakeAt(this.localFreeAt(now));
		if (!failing && this.leaseAfter > now) return this.wakeAt(this.leaseAfter);
		if (!failing) {
			const smallLeaseAt = this.smallLeaseAt(now);
			if (smallLeaseAt > now) return this.wakeAt(smallLeaseAt);
		}
		if (!this.leaseDue) {
			this.leaseDue = true;
			return this.wakeAt(now);
		}
		this.leaseDue = false;
		const cautious = this.shares && this.shares.until > now ? this.localRoom(now, this.shares.share) : math.huge;
		this.lease(math.min(this.waiting, this.options.leaseSize, cautious));
	}

	/**
	 * When a lease for fewer requests than a batch is worth making: at once if the shared window
	 * had room for a batch at our last look (counting the grants that stopped counting since);
	 * otherwise SMALL_LEASE_WAIT after the first of them began to wait, unless a batch is waiting
	 * by then. With the window full, a lease per request would cost a map update per request, for
	 * slots a lease a moment later reserves just the same.
	 */
	private smallLeaseAt(now: number): number {
		const look = this.lastLook;
		const waiting = this.waiting;
		const batch = math.min(BATCH_WAIT, this.options.leaseSize);
		if (look === undefined || waiting >= batch) {
			this.smallSince = undefined;
			return now;
		}
		const expiries = look.expiries;
		let freed = 0;
		while (freed < expiries.size() && expiries[freed] <= now) freed += 1;
		// Room for a batch: no shortage of slots, so no reason to wait.
		if (look.free + freed >= batch) return now;
		this.smallSince ??= now;
		const at = this.smallSince + SMALL_LEASE_WAIT;
		if (at <= now) this.smallSince = undefined;
		return at;
	}

	/** Our Unix and monotonic clocks, read together; notices our Unix clock jumping. */
	private clocks(): [number, number] {
		const unix = this.scheduler.unixTime();
		const mono = this.scheduler.now();
		const bases = this.clockBases;
		if (bases.size() === 0 || math.abs(unix - mono - bases[bases.size() - 1]) > CLOCK_TOLERANCE) {
			bases.push(unix - mono);
			// Every offset we learned was against our old clock.
			this.offsets.clear();
		}
		return [unix, mono];
	}

	/**
	 * How far ahead of ours `id`'s times are, at least. For our own entry, the shift from the clock
	 * generation it was written in to our current one (0 unless our clock jumped since).
	 */
	private offsetOf(id: string, entry: ServerEntry, unix: number): number {
		const clock = entry.clock ?? 0;
		if (id === this.serverId) {
			const bases = this.clockBases;
			const currentBase = bases[bases.size() - 1];
			return (bases[clock] ?? currentBase) - currentBase;
		}
		const observed = entry.at - unix;
		const known = this.offsets.get(id);
		const seconds = known && known.clock === clock ? math.max(known.seconds, observed) : observed;
		this.offsets.set(id, { clock, seconds });
		return seconds;
	}

	/** Our own entry, stamped now (read() has already moved it to our current clock). */
	private ownEntry(view: View, unix: number): ServerEntry {
		const mine = view.servers[this.serverId] ?? { at: unix, grants: [] };
		mine.at = unix;
		mine.clock = this.clockBases.size() - 1;
		view.servers[this.serverId] = mine;
		return mine;
	}

	/** Reads the log at our Unix time `unix` (monotonic `mono`): learns offsets and who wrote since, drops what no longer counts. */
	private read(current: unknown, unix: number, mono: number, removing: Array<number>): View {
		const hold = this.hold();
		const view: View = { servers: {}, count: 0, expiries: [], pauseEnd: 0, sharesEnd: 0 };
		const stored = typeIs(current, "table") ? (current as Partial<BudgetState>).servers : undefined;
		const writers = new Set<string>();
		for (const [id, entry] of pairs(typeIs(stored, "table") ? stored : {})) {
			if (!isEntry(entry)) continue;
			if (id !== this.serverId) {
				writers.add(id);
				const known = this.writes.get(id);
				if (known === undefined || known.at !== entry.at) {
					// Its new write came after our read before this one, and, in the same clock
					// generation, as long after its previous write as its clock says (less drift).
					let after = this.lastRead;
					if (known !== undefined && known.clock === (entry.clock ?? 0) && entry.at > known.at) {
						after = math.max(after, known.after + (entry.at - known.at) - 2 * CLOCK_TOLERANCE);
					}
					this.writes.set(id, { at: entry.at, after, clock: entry.clock ?? 0 });
				}
			}
			const offset = this.offsetOf(id, entry, unix);
			const logged = id === this.serverId ? this.ownGrants(entry, unix, mono, removing) : entry.grants;
			const grants = logged.filter((at) => at - offset + hold > unix);
			const pause = entry.pause !== undefined && entry.pause - offset > unix ? entry.pause : undefined;
			const shares = entry.shares !== undefined && entry.shares - offset > unix ? entry.shares : undefined;
			const quiet = entry.at - offset + MEMORY_SECONDS <= unix;
			if (grants.size() === 0 && pause === undefined && shares === undefined && quiet) continue;
			// Others' times stay in their clocks; ours are rewritten in our current one.
			const keep = (at: number) => (id === this.serverId ? at - offset : at);
			view.servers[id] = {
				at: keep(entry.at),
				grants: grants.map(keep),
				pause: pause !== undefined ? keep(pause) : undefined,
				shares: shares !== undefined ? keep(shares) : undefined,
				clock: entry.clock,
			};
			view.count += grants.size();
			for (const at of grants) view.expiries.push(at - offset + hold);
			if (pause !== undefined) view.pauseEnd = math.max(view.pauseEnd, pause - offset);
			if (shares !== undefined) view.sharesEnd = math.max(view.sharesEnd, shares - offset);
		}
		for (const [id] of this.offsets) if (view.servers[id] === undefined) this.offsets.delete(id);
		// A writer missing now shows up again only with a new write, made after this read.
		for (const [id] of this.writes) if (!writers.has(id)) this.writes.delete(id);
		this.lastRead = mono;
		return view;
	}

	/**
	 * One map update: reads the log at our clocks (read together, inside the update, so after every
	 * write it sees), lets `change` edit our own entry, and stores the result.
	 */
	private write(change: (mine: ServerEntry, view: View, unix: number, mono: number) => void) {
		// Used grants answered by the time its update runs are moved by this write; later ones wait for the next.
		let movedUpTo = -math.huge;
		const removing = this.lapsed;
		this.lapsed = [];
		const update = this.map.update<BudgetState>(
			this.key,
			(current) => {
				const [unix, mono] = this.clocks();
				movedUpTo = mono;
				const view = this.read(current, unix, mono, removing);
				change(this.ownEntry(view, unix), view, unix, mono);
				return { servers: view.servers };
			},
			this.ttl(),
		);
		update.listen((ok) => {
			if (!ok) return;
			// One never answered stays logged at its lease; after a hold it no longer counts anyway.
			const stale = this.scheduler.now() - this.hold();
			this.used = this.used.filter((grant) => (grant.answeredAt === undefined || grant.answeredAt > movedUpTo) && grant.sentAt > stale);
			this.keepAlive?.();
			this.keepAlive = this.scheduler.delay(KEEP_ALIVE_SECONDS, () => {
				this.keepAlive = undefined;
				this.stillHere();
			});
		});
		return update;
	}

	private lease(want: number) {
		this.leasing = true;
		const { limit } = this.options;
		const hold = this.hold();
		const logging = [...this.unlogged];
		let outcome: Lease | undefined;
		this.write((mine, view, unix, mono) => {
			const expiries = view.expiries;
			// Room for the shares of busy servers that may be sending without the map, unseen.
			let count = view.count + this.cutOffShares(view, mono);
			for (const sentAt of logging) {
				const stamp = unix - (mono - sentAt);
				if (stamp + hold <= unix) continue;
				mine.grants.push(stamp);
				expiries.push(stamp + hold);
				count += 1;
			}
			// Others cut off for a hold may be sending their shares without the map until they reconnect
			// (within RETRY_SECONDS of its return); their sends leave every window W + M after that.
			// So does ours, sent without the map. Until then every server keeps to its share.
			if (logging.size() > 0 || this.longCutOff(mono)) {
				mine.shares = unix + this.options.windowSeconds + this.options.marginSeconds + RETRY_SECONDS;
			}
			const { times, nextAt } =
				view.pauseEnd > unix ? { times: [], nextAt: undefined } : this.slots(expiries, count - expiries.size(), want, unix);
			const granted = times.size();
			for (const at of times) {
				mine.grants.push(at);
				expiries.push(at + hold);
			}
			expiries.sort();
			let servers = 0;
			for (const [_id] of pairs(view.servers)) servers += 1;
			outcome = {
				unix,
				mono,
				granted,
				times,
				servers,
				free: limit - count - granted,
				pacedAt: nextAt,
				expiries,
				pauseEnd: view.pauseEnd,
				sharesEnd: math.max(view.sharesEnd, mine.shares ?? 0),
			};
		}).listen((ok) => {
			if (ok) this.tookLease(outcome!, want, logging.size());
			else this.mapFailed();
			this.leasing = false;
			// Continue on a fresh stack: a map that answers at once would otherwise recurse.
			this.wakeAt(this.scheduler.now());
		});
	}

	/**
	 * Up to `want` grant times from `unix` to `reserveSeconds` on, earliest first, given when each
	 * counted grant stops counting (`expiries`) and `unseen` more sends that count throughout. A
	 * grant logged later than now (a reservation) counts from its time, so it is in every window a
	 * slot considered here could share with it (they are all within `reserveSeconds` of now, less
	 * than a hold): reservations are counted in full for every slot, and a grant that has begun
	 * only until it stops counting. Slot j may go at the first time at which the begun grants
	 * still counting, the reservations, the unseen sends and the j - 1 slots before it leave room.
	 * The window's bound then holds as for grants taken now: for a window, the grant whose update
	 * came last read every other grant in it.
	 */
	private slots(expiries: Array<number>, unseen: number, want: number, unix: number): Slots {
		const { limit } = this.options;
		const hold = this.hold();
		const begun = new Array<number>();
		const logged = new Array<number>();
		let reserved = 0;
		for (const at of expiries) {
			if (at - hold > unix) reserved += 1;
			else begun.push(at);
			logged.push(at - hold);
		}
		begun.sort();
		logged.sort();
		const times = new Array<number>();
		const last = unix + this.reserveSeconds();
		for (let j = 1; j <= want; j++) {
			const allowed = limit - unseen - reserved - j;
			if (allowed < 0) return { times };
			// After begun[index], at most `allowed` begun grants still count.
			const index = begun.size() - allowed - 1;
			const at = this.paced(logged, index >= 0 ? math.max(unix, begun[index]) : unix, last);
			if (at > last) return { times, nextAt: at };
			times.push(at);
			logged.insert(firstFrom(logged, at, false), at);
		}
		return { times };
	}

	/**
	 * The first time from `at` at which one more grant keeps to the pace (`paceOf`: at most its
	 * limit logged in any span of its window) among the `logged` times (sorted, the reader's clock),
	 * or a time past `last`. The pace spreads a window's grants: it is not part of the window's bound
	 * (grants logged later than the window requires only count less), and clocks' offsets blur it.
	 */
	private paced(logged: Array<number>, at: number, last: number): number {
		const { limit: most, windowSeconds: span } = this.pace;
		const size = logged.size();
		while (at <= last) {
			// Spans that would hold `at` lie within (at - span, at + span): with fewer than `most`
			// grants there (the pace is not binding: most leases), it may go.
			const low = firstFrom(logged, at - span, false);
			if (firstFrom(logged, at + span, true) - low < most) return at;
			// Spans that would hold `at` start in (at - span, at]: at a logged time, or at `at` itself.
			// The end of the span from logged[i] only moves on with i.
			let moved = false;
			let ends = low;
			for (let i = low; i < size; i++) {
				const start = logged[i];
				if (start > at) break;
				while (ends < size && logged[ends] < start + span) ends += 1;
				if (ends - i >= most) {
					at = start + span;
					moved = true;
					break;
				}
			}
			if (moved) continue;
			const from = firstFrom(logged, at, true);
			if (firstFrom(logged, at + span, true) - from < most) return at;
			// The span from `at` is full of grants logged later: look again from the first of them.
			at = logged[from] > at ? logged[from] : at + span;
		}
		return at;
	}

	/**
	 * Whether others may have been sending without the map while we could not reach it: they do so
	 * only `cutOffWait` after the map failed, which was after our last write, and reconnect within
	 * RETRY_SECONDS of its return, which is before our write at `mono`.
	 */
	private longCutOff(mono: number): boolean {
		if (!this.failing) return false;
		return this.lastWrite === undefined || mono - this.lastWrite > this.cutOffWait() - RETRY_SECONDS;
	}

	private tookLease(lease: Lease, want: number, logged: number) {
		const { unix, mono } = lease;
		this.lastWrite = mono;
		const toMono = (at: number) => mono + (at - unix);
		const seenBefore = this.serversSeen;
		this.failing = undefined;
		this.unlogged = this.unlogged.filter((_, index) => index >= logged);
		this.serversSeen = math.max(1, lease.servers);
		this.lastLook = { free: lease.free, expiries: lease.expiries.map(toMono) };
		const clock = this.clockBases.size() - 1;
		for (const at of lease.times) {
			this.leasedFrom.push(toMono(at));
			this.leased.push(toMono(at) + this.options.leaseSeconds);
			this.leasedStamps.push(at);
			this.leasedClock.push(clock);
		}
		if (lease.pauseEnd > unix) {
			const ends = toMono(lease.pauseEnd);
			this.pausedUntil = math.max(this.pausedUntil, ends);
			this.sharedPauseUntil = math.max(this.sharedPauseUntil, ends);
		}
		if (lease.sharesEnd > unix) {
			// Count every server seen before or now: one cut off may have dropped out of the log.
			const share = fairShare(this.options.limit, math.max(seenBefore, this.serversSeen, this.registered()));
			const current = this.shares && this.shares.until > mono ? this.shares : undefined;
			this.shares = { share: math.min(share, current?.share ?? share), until: math.max(toMono(lease.sharesEnd), current?.until ?? 0) };
		}
		if (lease.granted < want && lease.pauseEnd <= unix) {
			// The window is (nearly) full as far as a lease can reserve. Rather than lease each slot as
			// it frees (one map call per request), wait until a batch can be reserved.
			// Or the pace held back the rest: wait until it lets the next go within a reservation.
			const batch = math.min(want - lease.granted, BATCH_WAIT);
			if (lease.free < batch || lease.pacedAt !== undefined) {
				const expiries = lease.expiries;
				const windowAt = lease.free < batch ? (expiries[math.min(batch - lease.free, expiries.size()) - 1] ?? unix) : unix;
				const freesAt = math.max(windowAt, lease.pacedAt ?? unix);
				// Counted from this answer rather than from the read: the next update reaches the store
				// about that much after it is sent, so it lands once the batch can be reserved.
				// After a lease that got nothing, at least a second, so a stale view cannot spin.
				const wait = freesAt - this.reserveSeconds() - unix;
				this.leaseAfter = this.scheduler.now() + math.max(lease.granted > 0 ? 0.05 : 1, wait);
			}
		}
	}

	/**
	 * Sends that busy servers silent in the log may make without it, at our read at `mono`: a
	 * share for each one in the registry that we have not seen write since a hold ago (one that
	 * cannot write sends without the map only `cutOffWait` after its last write).
	 */
	private cutOffShares(view: View, mono: number): number {
		const busy = this.options.busyServers?.();
		if (busy === undefined) return 0;
		let silent = 0;
		for (const id of busy) {
			if (id === this.serverId) continue;
			const known = this.writes.get(id);
			if (known === undefined || mono - known.after >= this.hold()) silent += 1;
		}
		if (silent === 0) return 0;
		let inLog = 0;
		for (const [_id] of pairs(view.servers)) inLog += 1;
		return silent * fairShare(this.options.limit, math.max(inLog, this.registered(), busy.size()));
	}

	/** The fair share by the servers known now: those in the log at our last read, and those with work in the registry. */
	private currentShare(): number {
		return fairShare(this.options.limit, math.max(this.serversSeen, this.registered()));
	}

	/** Servers in the game's registry (0 if unknown). */
	private registered(): number {
		return this.options.busyServers?.().size() ?? 0;
	}

	/** The map failed: send within this server's fair share, and try the map again soon. */
	private mapFailed() {
		const now = this.scheduler.now();
		let failing = this.failing;
		if (!failing) {
			// Grants others took since our last read (even servers that joined since) are unknown: every
			// one of them is out of every window one hold after the map failed; a hold more and every
			// server still writing leaves room for our share (cutOffWait). Most failures pass sooner.
			failing = {
				share: this.currentShare(),
				sendFrom: now + this.cutOffWait(),
				retryAt: now,
				failures: 0,
			};
			this.failing = failing;
		}
		failing.failures += 1;
		failing.retryAt = now + math.min(RETRY_SECONDS, 2 ** (failing.failures - 1));
		// Try the map once more before sending without it.
		if (now < failing.sendFrom) failing.retryAt = math.min(failing.retryAt, failing.sendFrom);
	}
}
