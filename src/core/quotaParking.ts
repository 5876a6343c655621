import { Future } from "./future";
import { Scheduler } from "./scheduler";

/** When the usage quota comes back, as the service reports it. */
export interface QuotaInfo {
	/** Unix seconds when the quota resets. */
	resetsAt: number;
	/** Actions left until then, when known. */
	left?: number;
}

/** If the service cannot tell us when the quota resets, look again after this long. */
const RECHECK_SECONDS = 3600;
/** Once actions have spent quota, status() asks how much is left at most this often (one read). */
const REFRESH_SECONDS = 600;

/**
 * Holds quota-spending actions once the quota is spent, until it resets: they are parked,
 * neither failed nor retried in a loop. Reads are not affected.
 */
export class QuotaParking {
	private parkedUntil?: number;
	private waiting = new Array<Future<void>>();
	private watchers = new Array<Future<void>>();
	private cancelRelease?: () => void;
	private tripping?: Future<void>;
	private refreshing = false;
	private refreshedAt = -math.huge;
	private spentSinceRefresh = false;
	/** Quota left, when the service last said (less what was spent here since). */
	left?: number;

	constructor(
		private readonly scheduler: Scheduler,
		private readonly fetch: () => Future<QuotaInfo>,
	) {}

	isParked(): boolean {
		return this.parkedUntil !== undefined;
	}

	/** Unix seconds when parked actions will go again. */
	resumesAt(): number | undefined {
		return this.parkedUntil;
	}

	/** Actions waiting for the reset. */
	parkedCount(): number {
		return this.waiting.size();
	}

	/** Resolves at once if the quota is not known to be spent, else when it resets. */
	whenAvailable(): Future<void> {
		if (this.parkedUntil === undefined) return Future.resolved(undefined);
		const available = new Future<void>();
		this.waiting.push(available);
		return available;
	}

	/** Resolves when the quota is next released (not counted as a parked action). */
	afterReset(): Future<void> {
		const released = new Future<void>();
		if (this.parkedUntil === undefined) released.resolve();
		else this.watchers.push(released);
		return released;
	}

	/**
	 * Notes that the quota is spent; asks the service when it resets and parks until then. If
	 * the service's count shows room after all (it reset meanwhile), nothing is parked.
	 */
	trip(): Future<void> {
		this.tripping ??= this.fetch()
			.andThen(
				(info) => {
					this.left = info.left;
					return info.left !== undefined && info.left > 0 ? undefined : math.max(info.resetsAt, this.scheduler.unixTime() + 1);
				},
				() => this.scheduler.unixTime() + RECHECK_SECONDS,
			)
			.andThen((resumeAt) => {
				if (resumeAt !== undefined) this.park(resumeAt);
			})
			.finally(() => (this.tripping = undefined));
		return this.tripping.andThen(() => this.whenAvailable());
	}

	/** Counts one spent unit of quota against what the service last reported. */
	spend() {
		if (this.left !== undefined) this.left = math.max(0, this.left - 1);
		this.spentSinceRefresh = true;
	}

	/**
	 * Quota left, as last heard (less what was spent here since). Asking for it after quota was
	 * spent starts a read of the service's count, at most every REFRESH_SECONDS, so the next answer
	 * is fresh: nobody asking costs no requests.
	 */
	current(): number | undefined {
		const due = this.spentSinceRefresh && !this.refreshing && !this.isParked() && this.scheduler.now() - this.refreshedAt >= REFRESH_SECONDS;
		if (due) {
			this.refreshing = true;
			this.spentSinceRefresh = false;
			this.refreshedAt = this.scheduler.now();
			this.scheduler.delay(0, () =>
				this.fetch().listen((ok, info) => {
					if (ok && !this.isParked() && (info as QuotaInfo).left !== undefined) this.left = (info as QuotaInfo).left;
					this.refreshing = false;
				}),
			);
		}
		return this.left;
	}

	private park(resumeAt: number) {
		this.parkedUntil = resumeAt;
		this.left = 0;
		this.cancelRelease?.();
		this.cancelRelease = this.scheduler.delay(resumeAt - this.scheduler.unixTime(), () => this.release());
	}

	private release() {
		this.parkedUntil = undefined;
		this.left = undefined;
		this.cancelRelease = undefined;
		const waiting = this.waiting;
		this.waiting = [];
		for (const available of waiting) available.resolve();
		const watchers = this.watchers;
		this.watchers = [];
		for (const watcher of watchers) watcher.resolve();
	}
}
