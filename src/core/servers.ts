// Which servers are alive, without trusting anyone's clock. A server that holds work (a journal
// with unfinished actions, a lane) beats: it bumps its counter in one MemoryStore hash-map item
// every `beatSeconds`. Another server judges it dead once it has watched the counter stand still
// for `deadAfterSeconds` of its own time, or finds it marked released (a shutdown) or gone.
// Durations measured on one server's clock are true whatever its offset, so clock skew between
// servers cannot make a live server look dead.
//
// A server must not act on its work once others may judge it dead: it stops taking lanes and
// sending when its last successful beat is older than `deadAfterSeconds - beatSeconds`, and for
// good once it finds it was adopted.
//
// Cost: one UpdateAsync per beat per busy server; an idle server reads the item once a minute.
// The item holds about 40 bytes per busy server (MemoryStore values may be 32 KB:
// https://create.roblox.com/docs/cloud-services/memory-stores/hash-map).
import { Future } from "./future";
import { digest } from "./keys";
import { Scheduler } from "./scheduler";
import { SharedMap } from "./stores";

export interface ServerEntry {
	/** Beat counter. */
	c: number;
	/** The server let its work go (a shutdown): adopt it at once. */
	r?: boolean;
	/** Its full id, to find its journal. */
	n: string;
}

export type Registry = Record<string, ServerEntry>;

export const REGISTRY_KEY = "servers";
/** The registry lives a day past the last beat of any server. */
const REGISTRY_TTL = 86_400;

export type Liveness = "live" | "dead" | "unknown";

export interface ServersOptions {
	map: SharedMap;
	serverId: string;
	scheduler: Scheduler;
	beatSeconds: number;
	deadAfterSeconds: number;
	/** A beat or read showed the registry (for adoption checks). */
	onView: (registry: Registry) => void;
	/** This server's entry vanished after it had one: another server adopted its work. */
	onAdopted: () => void;
	onError: (failure: unknown) => void;
}

export class Servers {
	/** This server's digest, as lanes and the registry name it. */
	readonly me: string;
	/** Counters as last seen, and since when (monotonic seconds on this server) each stood still. */
	private readonly observed = new Map<string, { c: number; since: number; released: boolean; name: string }>();
	private viewedAt = -math.huge;
	private beating = false;
	private beatTimer?: () => void;
	private registered = false;
	private lastBeat = -math.huge;
	private counter = 0;
	private released = false;
	/** A read or beat failed since the last good look at the registry. */
	private blind = false;
	/** Bumped each time this server leaves the registry. */
	private stint = 0;
	/** MemoryStore calls made, for cost figures. */
	calls = 0;
	adopted = false;

	constructor(private readonly options: ServersOptions) {
		this.me = digest(options.serverId);
	}

	/** Starts beating: this server now holds work another server may have to adopt. */
	join() {
		if (this.beating || this.adopted) return;
		this.beating = true;
		this.beat();
	}

	/**
	 * Stops beating and leaves the registry: this server holds no work any more (its journal is
	 * erased first). If the registry cannot be written, it goes on beating: a counter that stood
	 * still in the registry would look like a death.
	 */
	leave() {
		if (!this.beating) return;
		this.beating = false;
		this.beatTimer?.();
		this.beatTimer = undefined;
		// From here a missing entry is expected, not a sign of having been adopted; beats already on
		// their way belong to the stint that ends here.
		this.registered = false;
		this.stint += 1;
		const me = this.me;
		this.calls += 1;
		this.options.map
			.update<Registry>(
				REGISTRY_KEY,
				(current) => {
					// Joined again since (work came back before this landed): the entry is the new stint's.
					if (this.beating) return undefined;
					if (!current || current[me] === undefined) return undefined;
					delete current[me];
					return current;
				},
				REGISTRY_TTL,
			)
			.listen((ok, failure) => {
				if (ok) return;
				this.options.onError(failure);
				this.join();
			});
	}

	/** This server is in the registry (its first beat was written), so its journal may be written. */
	isRegistered(): boolean {
		return this.registered;
	}

	/** True while others cannot yet have judged this server dead (its last beat is recent enough). */
	confident(): boolean {
		if (this.adopted) return false;
		if (!this.beating) return true;
		const { scheduler, deadAfterSeconds, beatSeconds } = this.options;
		return scheduler.now() - this.lastBeat < deadAfterSeconds - beatSeconds;
	}

	/** Marks this server released, so others adopt its journal at once (a shutdown). */
	release(): Future<void> {
		this.released = true;
		this.beatTimer?.();
		this.beatTimer = undefined;
		this.beating = false;
		return this.write().andThen(() => undefined);
	}

	/** Reads the registry (an idle server's look for work left by others). */
	view(): Future<void> {
		this.calls += 1;
		return this.options.map.get<Registry>(REGISTRY_KEY).andThen(
			(registry) => this.observe(registry ?? {}),
			(failure) => {
				this.blind = true;
				throw failure;
			},
		);
	}

	/** Seconds since the registry was last seen. */
	viewAge(): number {
		return this.options.scheduler.now() - this.viewedAt;
	}

	liveness(server: string): Liveness {
		if (server === this.me) return this.adopted ? "dead" : "live";
		const seen = this.observed.get(server);
		// Not in the registry: gone (adopted, or left holding nothing), or joined since the last look.
		if (!seen) return "unknown";
		if (seen.released) return "dead";
		// Dead only if the counter stood still for the whole span this server actually watched it:
		// time since the last look at the registry proves nothing.
		return this.viewedAt - seen.since >= this.options.deadAfterSeconds ? "dead" : "live";
	}

	/** Full ids of the servers in the registry at the last look, released ones left out. */
	names(): Array<string> {
		const names = new Array<string>();
		for (const [, seen] of this.observed) if (!seen.released) names.push(seen.name);
		return names;
	}

	/** True if `server` was in the registry at the last look. */
	listed(server: string): boolean {
		return this.observed.has(server);
	}

	/** Dead or released servers in the registry: digest, full id, and the counter they died at. */
	dead(): Array<{ digest: string; server: string; counter: number }> {
		const found = new Array<{ digest: string; server: string; counter: number }>();
		for (const [server, seen] of this.observed) {
			if (server !== this.me && this.liveness(server) === "dead") found.push({ digest: server, server: seen.name, counter: seen.c });
		}
		return found;
	}

	/** The counter `server` was last seen at, if it is in the registry. */
	counterOf(server: string): number | undefined {
		return this.observed.get(server)?.c;
	}

	/**
	 * Takes `server` out of the registry once its work is adopted, unless it beat again since
	 * `counter` (then it is alive after all, and back in the registry with work of its own).
	 */
	remove(server: string, counter: number): Future<void> {
		this.calls += 1;
		return this.options.map
			.update<Registry>(
				REGISTRY_KEY,
				(current) => {
					const entry = current?.[server];
					if (!current || entry === undefined || entry.c !== counter) return undefined;
					delete current[server];
					return current;
				},
				REGISTRY_TTL,
			)
			.andThen(() => {
				this.observed.delete(server);
			});
	}

	private beat() {
		if (!this.beating) return;
		this.write().listen((_, written) => {
			if (!this.beating) return;
			// A failed beat is tried again soon: three missed in a row would look like death.
			this.beatTimer = this.options.scheduler.delay(written === true ? this.options.beatSeconds : 2, () => {
				this.beatTimer = undefined;
				this.beat();
			});
		});
	}

	/** One beat (or the release mark); resolves with whether it was written. */
	private write(): Future<boolean> {
		const { map, serverId, scheduler } = this.options;
		const me = this.me;
		const counter = ++this.counter;
		const released = this.released;
		const stint = this.stint;
		let vanished = false;
		this.calls += 1;
		return map
			.update<Registry>(
				REGISTRY_KEY,
				(current) => {
					const registry = current ?? {};
					// Gone while this server believed itself listed (a transform may run after a leave:
					// then it is not a sign of anything, and the write is not wanted either).
					if (stint !== this.stint) return undefined;
					vanished = this.registered && registry[me] === undefined;
					if (vanished) return undefined;
					registry[me] = released ? { c: counter, r: true, n: serverId } : { c: counter, n: serverId };
					return registry;
				},
				REGISTRY_TTL,
			)
			.andThen(
				(registry) => {
					if (stint !== this.stint) return false;
					if (vanished) {
						this.adopted = true;
						this.beating = false;
						this.options.onAdopted();
						return false;
					}
					this.registered = true;
					this.lastBeat = scheduler.now();
					if (registry) this.observe(registry);
					return true;
				},
				(failure) => {
					this.blind = true;
					this.options.onError(failure);
					return false;
				},
			);
	}

	private observe(registry: Registry) {
		const now = this.options.scheduler.now();
		this.viewedAt = now;
		// After a spell of failing to reach the registry, nobody's silence counts from before it:
		// whatever kept this server from MemoryStore may have kept the others from beating.
		const blind = this.blind;
		this.blind = false;
		for (const [server, entry] of pairs(registry)) {
			const seen = this.observed.get(server);
			if (!seen || seen.c !== entry.c || blind)
				this.observed.set(server, { c: entry.c, since: now, released: entry.r === true, name: entry.n });
			else seen.released = entry.r === true;
		}
		for (const [server] of this.observed) if (registry[server] === undefined) this.observed.delete(server);
		this.options.onView(registry);
	}
}
