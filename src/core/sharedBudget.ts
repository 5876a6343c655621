// A rate budget shared by every server of the game (RankGun's 100 requests a minute belongs to
// the workspace, not to one server). One shared-map key holds the send times granted in the
// last window, across servers: an exact sliding log, at most `limit` numbers. Servers lease a
// few grants at a time (one map update per lease, not per request) and must use a grant within
// `leaseSeconds`; a grant is counted for window + lease + margin, so requests that arrive late
// at the service are still inside the count.
//
// If the map fails, the server falls back to half its fair share of the limit (the limit divided
// by the servers it saw at its last lease, halved because that count may be out of date), counting
// its own recent sends, and keeps trying the map: under the limit, never stalled.
import { RateGate, WaitingGate } from "./rateGate";
import { Scheduler } from "./scheduler";
import { SharedMap } from "./stores";

/** When the shared window is full, lease again once this many slots have freed. */
const BATCH_WAIT = 5;

interface BudgetState {
	/** Unix seconds of each grant still counted, oldest first. */
	grants: Array<number>;
	/** Server id -> Unix seconds it last leased. */
	servers: Record<string, number>;
	/** The last lease written: who took how many (read back after the atomic update). */
	last?: { server: string; nonce: number; count: number };
}

export interface SharedBudgetOptions {
	limit: number;
	windowSeconds: number;
	/** Grants taken per lease, at most. */
	leaseSize: number;
	/** Seconds a leased grant may wait before it must be used or dropped. */
	leaseSeconds: number;
	/** Extra seconds a grant stays counted, for latency and clock skew between servers. */
	marginSeconds: number;
}

export class SharedBudget extends WaitingGate {
	/** Local grants: monotonic time each expires. */
	private readonly leased = new Array<number>();
	private leasing = false;
	/** Monotonic time before which a new lease is pointless (the shared window is full). */
	private leaseAfter = 0;
	/** A lease is due on the next tick: requests made in the same frame share one lease. */
	private leaseDue = false;
	/** Monotonic times of this server's own sends in the last window, for a fair fallback. */
	private readonly sent = new Array<number>();
	private nonce = 0;
	private wake?: () => void;
	private serversSeen = 1;
	/** This server's fair share, used while the map is failing. Kept, so its window stays honest. */
	private fallback?: RateGate;
	private inFallback = false;
	private consecutiveFailures = 0;
	/** Leases written and map failures, for cost figures. */
	leases = 0;
	failures = 0;

	constructor(
		scheduler: Scheduler,
		private readonly map: SharedMap,
		private readonly key: string,
		private readonly serverId: string,
		private readonly options: SharedBudgetOptions,
	) {
		super(scheduler);
	}

	room(): number {
		this.dropExpired();
		return this.leased.size();
	}

	private dropExpired() {
		const now = this.scheduler.now();
		while (this.leased.size() > 0 && this.leased[0] <= now) this.leased.shift();
	}

	private schedule(seconds: number) {
		this.wake?.();
		this.wake = this.scheduler.delay(seconds, () => {
			this.wake = undefined;
			this.pump();
		});
	}

	protected pump() {
		if (this.inFallback) return this.drainToFallback();
		this.dropExpired();
		const now = this.scheduler.now();
		if (this.pausedUntil > now) {
			if (this.waiting.size() > 0) this.schedule(this.pausedUntil - now);
			return;
		}
		while (this.waiting.size() > 0 && this.leased.size() > 0) {
			this.leased.shift();
			this.noteSend(now);
			this.waiting.shift()!();
		}
		if (this.waiting.size() === 0 || this.leasing) return;
		if (this.leaseAfter > now) {
			this.schedule(this.leaseAfter - now);
		} else if (!this.leaseDue) {
			this.leaseDue = true;
			this.schedule(0);
		} else {
			this.leaseDue = false;
			this.lease(math.min(this.waiting.size(), this.options.leaseSize));
		}
	}

	private noteSend(now: number) {
		const horizon = now - this.options.windowSeconds - this.options.marginSeconds;
		while (this.sent.size() > 0 && this.sent[0] <= horizon) this.sent.shift();
		this.sent.push(now);
	}

	private lease(want: number) {
		this.leasing = true;
		const { limit, windowSeconds, leaseSeconds, marginSeconds } = this.options;
		const nonce = ++this.nonce;
		const server = this.serverId;
		const unixNow = this.scheduler.unixTime();
		const horizon = unixNow - windowSeconds - leaseSeconds - marginSeconds;
		this.map
			.update<BudgetState>(
				this.key,
				(current) => {
					const grants = (current?.grants ?? []).filter((at) => at > horizon);
					const servers: Record<string, number> = {};
					for (const [id, seen] of pairs(current?.servers ?? {})) if (seen > horizon) servers[id] = seen;
					servers[server] = unixNow;
					const count = math.max(0, math.min(want, limit - grants.size()));
					for (let i = 0; i < count; i++) grants.push(unixNow);
					return { grants, servers, last: { server, nonce, count } };
				},
				(windowSeconds + leaseSeconds + marginSeconds) * 2,
			)
			.then(
				(state) => {
					this.leases += 1;
					this.consecutiveFailures = 0;
					let serversSeen = 0;
					for (const _ of pairs(state?.servers ?? {})) serversSeen += 1;
					this.serversSeen = math.max(1, serversSeen);
					const granted = state?.last?.server === server && state.last.nonce === nonce ? state.last.count : 0;
					const expires = this.scheduler.now() + leaseSeconds;
					for (let i = 0; i < granted; i++) this.leased.push(expires);
					if (granted < want && state) {
						// The window is (nearly) full. Rather than lease each slot as it frees (one map
						// call per request), wait until a batch has freed.
						const batch = math.min(want - granted, BATCH_WAIT);
						const free = limit - state.grants.size();
						if (free < batch) {
							const freesAt = state.grants[batch - free - 1] + windowSeconds + leaseSeconds + marginSeconds;
							this.leaseAfter = this.scheduler.now() + math.max(0.05, freesAt - unixNow);
						}
					}
				},
				() => this.useFallback(),
			)
			.finally(() => {
				this.leasing = false;
				// Continue on a fresh stack: a map that answers at once would otherwise recurse.
				this.schedule(0);
			});
	}

	/** The map failed: serve the waiting through this server's fair share, then try the map again. */
	private useFallback() {
		this.failures += 1;
		this.consecutiveFailures += 1;
		this.inFallback = true;
		const { limit, windowSeconds, marginSeconds } = this.options;
		if (!this.fallback) {
			const share = math.max(1, math.floor(limit / (2 * this.serversSeen)));
			this.fallback = new RateGate(this.scheduler, [{ limit: share, windowSeconds, marginSeconds }]);
			this.fallback.seed(this.sent);
		}
		this.scheduler.delay(math.min(30, 2 ** math.min(this.consecutiveFailures, 5)), () => {
			this.inFallback = false;
			this.pump();
		});
	}

	private drainToFallback() {
		const fallback = this.fallback!;
		while (this.waiting.size() > 0) {
			const resolve = this.waiting.shift()!;
			fallback.acquire().then(() => {
				this.noteSend(this.scheduler.now());
				resolve();
			});
		}
	}
}
