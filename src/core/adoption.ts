// Adoption: a live server takes over the journal of a server that died (it stopped beating) or
// let its work go (a shutdown), and finishes that work as its own. A shutdown handover is the
// same thing as a crash, only faster: the leaving server marks itself released, so nobody waits
// for its heartbeat to go stale.
//
// Taking a journal is one atomic DataStore UpdateAsync on its head (whoever sets `adoptedBy`
// first has it). The adopter journals the actions again as its own before it deletes the old
// journal, so a crash of the adopter mid-way loses nothing: the old journal, now adopted by a
// dead server, is adopted again. An action that ends up in two journals is still run once: its
// lane records it as finished (core/lanes.ts), and a copy that finds it there only reports it.
import { Action } from "./action";
import { Future } from "./future";
import { Lanes } from "./lanes";
import { batchKey, finishedIn, headKey, INDEX_KEY, JournalBatch, JournalHead, JournalIndex } from "./journal";
import { digest } from "./keys";
import { Scheduler } from "./scheduler";
import { Servers } from "./servers";
import { DurableStore } from "./stores";

export interface AdoptionOptions {
	durable: DurableStore;
	lanes: Lanes;
	servers: Servers;
	serverId: string;
	scheduler: Scheduler;
	/** Runs the adopted actions here; resolves once they are journaled again (durable here). */
	take: (actions: Array<Action>) => Future<void>;
	/**
	 * Told, before their lanes are transferred, which actions are about to be taken: their
	 * in-flight records must not be overwritten until they are, even if this adoption fails after
	 * some transfers (it is tried again, and reads the same journal).
	 */
	expect?: (actions: ReadonlyArray<Action>) => void;
	onError: (failure: unknown) => void;
	/** Seconds between looks at the DataStore index of journals (for work no registry entry points to). */
	indexSeconds: number;
}

/**
 * DataStore calls an adopter has waiting at once. Each server's DataStoreService holds at most 30
 * requests of a kind in its throttle queue and drops the rest at once (errors 301-306,
 * https://create.roblox.com/docs/cloud-services/data-stores/error-codes-and-limits): a journal of
 * hundreds of batches read all at once never gets through, and every try spends the budget the
 * server's own work needs. A few at a time wait their turn in the queue instead.
 */
const ADOPTION_CALLS = 4;

/** Longest wait before a journal whose adoption failed is tried again. */
const RETRY_MAX_SECONDS = 60;

export class Adoption {
	private busy = false;
	private again = false;
	/** The counters dead servers were judged dead at, so a server that comes back is not removed. */
	private counters = new Map<string, number>();
	private lastIndexLook = -math.huge;
	/** Journals whose adoption failed: failures in a row, and the monotonic time before which it is not tried again. */
	private readonly backoffs = new Map<string, { failures: number; until: number }>();
	/** Journals adopted so far, and actions taken from them. */
	adoptedJournals = 0;
	adoptedActions = 0;

	constructor(private readonly options: AdoptionOptions) {}

	/** Looks for work to adopt: dead or released servers in the registry, and now and then the index. */
	look() {
		// A look asked for while one is under way (a fresh view of the registry came in) runs after it.
		if (this.busy) {
			this.again = true;
			return;
		}
		this.again = false;
		const { servers, scheduler, indexSeconds } = this.options;
		const candidates = servers.dead().map((entry) => entry.server);
		const counters = new Map<string, number>();
		for (const entry of servers.dead()) counters.set(entry.server, entry.counter);
		this.counters = counters;
		const lookAtIndex = scheduler.now() - this.lastIndexLook >= indexSeconds;
		if (candidates.size() === 0 && !lookAtIndex) return;
		this.busy = true;
		const found = lookAtIndex ? this.fromIndex() : Future.resolved(new Array<string>());
		found
			.andThen((fromIndex) => {
				for (const server of fromIndex) if (!candidates.includes(server)) candidates.push(server);
				return this.adoptAll(candidates, 0);
			})
			.listen((ok, failure) => {
				if (!ok) this.options.onError(failure);
				this.busy = false;
				if (this.again) this.look();
			});
	}

	/** Servers in the index of journals that are not in the registry: nobody beats for them. */
	private fromIndex(): Future<Array<string>> {
		const { durable, servers, serverId, scheduler } = this.options;
		this.lastIndexLook = scheduler.now();
		return durable.get<JournalIndex>(INDEX_KEY).andThen((index): Array<string> | Future<Array<string>> => {
			if (!index) return [];
			// The registry is read after the index: a server that wrote its journal (and so was in
			// the index) had joined the registry before it, and is missing now only if it is gone.
			return servers.view().andThen(() => {
				const absent = new Array<string>();
				for (const [server, entry] of pairs(index)) {
					if (entry.server !== serverId && !servers.listed(server as string)) absent.push(entry.server);
				}
				return absent;
			});
		});
	}

	/**
	 * Adopts each candidate in turn. One that fails (a store refusing, throttled) does not hold up
	 * the rest, and is tried again after a wait that doubles with each failure in a row.
	 */
	private adoptAll(candidates: Array<string>, index: number): Future<void> {
		if (index >= candidates.size()) return Future.resolved(undefined);
		const server = candidates[index];
		const now = this.options.scheduler.now();
		const backoff = this.backoffs.get(server);
		if (backoff !== undefined && backoff.until > now) return this.adoptAll(candidates, index + 1);
		return this.adopt(server)
			.andThen(
				() => {
					this.backoffs.delete(server);
				},
				(failure) => {
					const failures = (backoff?.failures ?? 0) + 1;
					const wait = math.min(RETRY_MAX_SECONDS, 2 ** failures);
					this.backoffs.set(server, { failures, until: this.options.scheduler.now() + wait });
					this.options.onError(failure);
				},
			)
			.andThen(() => this.adoptAll(candidates, index + 1));
	}

	/** Adopts one server's journal, if it holds work and nobody alive has it already. */
	adopt(server: string): Future<void> {
		const { durable, servers, serverId } = this.options;
		const dead = digest(server);
		let empty = false;
		return durable
			.update<JournalHead>(headKey(server), (current) => {
				// A journal with nothing in it is never taken: its server may be alive and idle.
				let holds = current?.unclear !== undefined && current.unclear.size() > 0;
				for (const [_] of pairs(current?.batches ?? {})) holds = true;
				empty = !holds;
				if (!current || !holds) return undefined;
				// It may have beaten since it was picked (a fresher look at the registry).
				if (servers.liveness(dead) === "live") return undefined;
				const adopter = current.adoptedBy;
				if (adopter !== undefined && adopter !== serverId && servers.liveness(digest(adopter)) !== "dead") return undefined;
				current.adoptedBy = serverId;
				return current;
			})
			.andThen((head): Future<void> | undefined => {
				if (empty) return this.forget(server, dead);
				if (!head) return;
				return this.clearLanes(dead, head)
					.andThen(() => this.readBatches(server, head))
					.andThen((actions) => {
						this.options.expect?.(actions);
						return this.transferLanes(dead, actions)
							.andThen(() => {
								this.adoptedJournals += 1;
								this.adoptedActions += actions.size();
								return this.options.take(actions);
							})
							.andThen(() => this.erase(server, dead, head));
					});
			});
	}

	/** Lanes that may still show an action the dead server finished as in flight. */
	private clearLanes(dead: string, head: JournalHead): Future<void> {
		const clears = (head.unclear ?? []).map((item) => this.options.lanes.clear(item.lane, item.id, dead));
		return Future.all(clears).andThen(() => undefined);
	}

	/** The lanes the dead server's actions run on become this server's, in-flight records included. */
	private transferLanes(dead: string, actions: ReadonlyArray<Action>): Future<void> {
		const lanes = new Set<string>();
		for (const action of actions) lanes.add(action.lane);
		const transfers = new Array<Future<void>>();
		for (const lane of lanes) transfers.push(this.options.lanes.transfer(lane, dead));
		return Future.all(transfers).andThen(() => undefined);
	}

	/** The unfinished actions of an adopted journal, in the order they were accepted. */
	private readBatches(server: string, head: JournalHead): Future<Array<Action>> {
		const { durable } = this.options;
		const numbers = new Array<number>();
		for (const [number] of pairs(head.batches)) numbers.push(tonumber(number)!);
		numbers.sort((a, b) => a < b);
		return Future.eachLimited(numbers, ADOPTION_CALLS, (number) =>
			durable.get<JournalBatch>(batchKey(server, number)).andThen((batch) => {
				const done = finishedIn(head, number);
				const actions = new Array<Action>();
				if (batch) batch.actions.forEach((action, index) => !done.has(index) && actions.push(action));
				return actions;
			}),
		).andThen((lists) => {
			const all = new Array<Action>();
			for (const list of lists) for (const action of list) all.push(action);
			return all;
		});
	}

	/** Deletes an adopted journal once its actions are journaled here. */
	private erase(server: string, dead: string, head: JournalHead): Future<void> {
		const { durable } = this.options;
		const numbers = new Array<number>();
		for (const [number] of pairs(head.batches)) numbers.push(tonumber(number)!);
		return Future.eachLimited(numbers, ADOPTION_CALLS, (number) => durable.remove(batchKey(server, number)))
			.andThen(() => durable.remove(headKey(server)))
			.andThen(() => this.forget(server, dead));
	}

	/**
	 * Takes a server with no work left out of the index and (if it was found dead there) the
	 * registry. A server picked from the index was not in the registry when it was picked; it may
	 * be back in it by now, with work, so its entry there is not touched.
	 */
	private forget(server: string, dead: string): Future<void> {
		const { durable, servers } = this.options;
		const counter = this.counters.get(server);
		return durable
			.update<JournalIndex>(INDEX_KEY, (current) => {
				if (!current || current[dead] === undefined || servers.liveness(dead) === "live") return undefined;
				delete current[dead];
				return current;
			})
			.andThen(() => (counter !== undefined ? servers.remove(dead, counter) : undefined));
	}
}
