// The journal: where a server keeps the work it accepted, in DataStoreService, so that the work
// outlives the server. A crash (no BindToClose), a shutdown and a game with no servers for weeks
// all leave the journal behind, and another server adopts it (core/adoption.ts).
//
// Layout, one journal per server, keys within DataStore's 50 characters:
//   j/<sid>        the head: which batches are live and which of their actions are finished
//   j/<sid>/<n>    batch n: the actions accepted in one flush, written once
// Accepted actions are written in batches at most every `flushSeconds` (two by default), so an
// action is durable at most that long (plus one DataStore write) after it was accepted; it is
// never sent before it is durable. A batch whose actions have all finished is removed. The head
// lists a live batch's finished actions as runs of indices: actions finish mostly in order, so it
// stays small however many have finished (rewritten every flush, a list of indices grew to tens of
// KB on a deep queue, towards the per-key 4 MB a minute).
//
// DataStore limits this respects (https://create.roblox.com/docs/cloud-services/data-stores/error-codes-and-limits):
// values up to 4 MB (a batch holds at most MAX_BATCH actions, a few hundred bytes each), keys up to
// 50 characters, per-key writes up to 4 MB a minute (the head is rewritten at most once per flush),
// and this server's write budget (flushes slow down when GetRequestBudgetForRequestType runs low).
import { Action } from "./action";
import { Future } from "./future";
import { digest } from "./keys";
import { Scheduler } from "./scheduler";
import { DurableStore } from "./stores";

/**
 * Actions per batch: a few hundred bytes each keeps a batch under 1 MB, far below DataStore's
 * 4 MB. Batches are written one after another, so a burst of thousands of actions is a handful
 * of writes, never more than the throttle queue (30) takes.
 */
const MAX_BATCH = 2000;
/**
 * How soon a write is wanted. WAITED: something waits on it (actions to make durable before they
 * are sent, a finish whose member has a next action here). FINISH: a finish nobody here waits on
 * (its lane is let go after it). TIDY: only lanes cleared since (the head names fewer of them).
 */
const WAITED = 0;
const FINISH = 1;
const TIDY = 2;
type Urgency = typeof WAITED | typeof FINISH | typeof TIDY;
/** Finishes nobody waits on are written at the fast pace too once this many wait for a write (a burst). */
const FINISH_BATCH = 8;
/** At most this long before a head that only names lanes cleared since is written again. */
const TIDY_SECONDS = 30;
/** Below this many writes left in this server's DataStore budget, flush less often. */
const LOW_WRITE_BUDGET = 10;
/** With at least this many writes left, flush four times as often: an action waits less to be sent. */
const AMPLE_WRITE_BUDGET = 40;

export interface JournalHead {
	/** 2: finished actions as runs of indices; 1 (before): as a list of indices. */
	v: 1 | 2;
	/** The server that keeps this journal. */
	server: string;
	/** The next batch number. */
	next: number;
	/**
	 * Live batches: batch number -> its finished actions, as runs of indices (first, last, first,
	 * last, ...: actions finish mostly in order, so a deep queue's head stays a few numbers long
	 * however many have finished, though it is written at every flush).
	 */
	batches: Record<string, Array<number>>;
	/** The server let its work go (a shutdown): adopt it at once. */
	released?: boolean;
	/** The server that took this journal over. */
	adoptedBy?: string;
	/**
	 * Finished actions whose lane may still show them in flight (the lane is written just after
	 * the journal): an adopter clears them there, so the lane is not blocked by a finished action.
	 */
	unclear?: Array<{ lane: string; id: string }>;
}

export interface JournalBatch {
	v: 1;
	actions: Array<Action>;
}

/**
 * Where a journaled action sits, once it is durable: its batch and its index there, in one number
 * (a queued action keeps it, and a number costs no table).
 */
export type JournalRef = number;

/** Indices within a batch stay below this (MAX_BATCH is far less). */
const REF_SPAN = 65536;

function refBatch(ref: JournalRef): number {
	return math.floor(ref / REF_SPAN);
}

function refIndex(ref: JournalRef): number {
	return ref % REF_SPAN;
}

/** Indices in `runs` (first, last, ... in order), as a set. */
function runIndices(runs: ReadonlyArray<number>): Set<number> {
	const indices = new Set<number>();
	const lastFirst = runs.size() - 1;
	for (let i = 0; i < lastFirst; i += 2) for (let index = runs[i]; index <= runs[i + 1]; index++) indices.add(index);
	return indices;
}

/** The indices of a head's batch whose actions finished. */
export function finishedIn(head: JournalHead, batch: number): Set<number> {
	const listed = head.batches[tostring(batch)] ?? [];
	return head.v === 1 ? new Set(listed) : runIndices(listed);
}

/** Adds `index` to `runs` (sorted, disjoint, first and last of each); false if it was there. */
export function addToRuns(runs: Array<number>, index: number): boolean {
	const size = runs.size();
	// The common case: the next index after the last run, or past it.
	if (size === 0 || index > runs[size - 1]) {
		if (size > 0 && index === runs[size - 1] + 1) runs[size - 1] = index;
		else runs.push(index, index);
		return true;
	}
	// The first run ending at or after index.
	let low = 0;
	let high = size / 2 - 1;
	while (low < high) {
		const middle = math.floor((low + high) / 2);
		if (runs[2 * middle + 1] < index) low = middle + 1;
		else high = middle;
	}
	const at = 2 * low;
	if (runs[at] <= index) return false;
	const joinsBefore = at > 0 && runs[at - 1] === index - 1;
	const joinsAfter = runs[at] === index + 1;
	if (joinsBefore && joinsAfter) {
		runs[at - 1] = runs[at + 1];
		runs.remove(at);
		runs.remove(at);
	} else if (joinsBefore) runs[at - 1] = index;
	else if (joinsAfter) runs[at] = index;
	else {
		runs.insert(at, index);
		runs.insert(at, index);
	}
	return true;
}

/** Takes `index` out of `runs`; false if it was not there. */
export function removeFromRuns(runs: Array<number>, index: number): boolean {
	// The array is changed only right before returning.
	const size = runs.size();
	for (let at = 0; at < size; at += 2) {
		const [first, last] = [runs[at], runs[at + 1]];
		if (index < first) return false;
		if (index > last) continue;
		if (first === last) {
			runs.remove(at);
			runs.remove(at);
		} else if (index === first) runs[at] = index + 1;
		else if (index === last) runs[at + 1] = index - 1;
		else {
			runs[at + 1] = index - 1;
			runs.insert(at + 2, last);
			runs.insert(at + 2, index + 1);
		}
		return true;
	}
	return false;
}

/** The key of a server's journal head. */
export function headKey(serverId: string): string {
	return `j/${digest(serverId)}`;
}

export function batchKey(serverId: string, batch: number): string {
	return `j/${digest(serverId)}/${batch}`;
}

/** The DataStore key listing servers whose journals may hold work. */
export const INDEX_KEY = "servers";

export type JournalIndex = Record<string, { server: string }>;

/** One callback a caller shares between all its actions (no closure per action). */
export type OnDurable = (ref: JournalRef, action: Action) => void;

/**
 * Actions waiting to be written, two slots each: the action, then its callback (no table per
 * action: a deep queue holds many of them until the next flush).
 */
type Pending = Array<Action | OnDurable>;

interface Finishing {
	ref: JournalRef;
	lane: string;
	id: string;
	written: () => void;
}

export interface JournalOptions {
	store: DurableStore;
	serverId: string;
	scheduler: Scheduler;
	/** Seconds between flushes at most (the durability window). */
	flushSeconds: number;
	/** A write failed; it will be tried again (for status and warnings). */
	onError: (failure: unknown) => void;
	/** Another server adopted this journal (this server was taken for dead): stop working it. */
	onAdopted: () => void;
	/**
	 * The journal may be written: this server is in the registry of live servers. A journal
	 * written by a server nobody sees beating could be taken for a dead server's.
	 */
	writable: () => boolean;
}

/** A batch being written: its number, and its slots in the flush's pending list (from, up to but not including to). */
interface Batch {
	number: number;
	from: number;
	to: number;
}

/** The actions of a batch's pending slots, in order. */
function actionsOf(written: Pending, batch: Batch): Array<Action> {
	const actions = new Array<Action>();
	for (let i = batch.from; i < batch.to; i += 2) actions.push(written[i] as Action);
	return actions;
}

/** Seconds between flushes for what is most urgent, at a pace (`paced`) the write budget allows. */
function flushInterval(urgency: Urgency, paced: number, flushSeconds: number): number {
	return urgency === WAITED ? paced : math.max(paced, urgency === FINISH ? flushSeconds : TIDY_SECONDS);
}

export class Journal {
	private pending: Pending = [];
	private finishing = new Array<Finishing>();
	/** Finished actions whose lanes are not yet known to be cleared. */
	private readonly unclear = new Map<string, string>();
	/** Live batches: number -> count of actions, and how many of them finished and which (runs of indices). */
	private readonly live = new Map<number, { size: number; finished: number; done: Array<number> }>();
	private next = 1;
	private dirty = false;
	private flushing = false;
	private timer?: () => void;
	private lastFlush = -math.huge;
	private indexed = false;
	private failures = 0;
	private released = false;
	/** How soon what is unwritten is wanted, and when the flush timer set for it fires (monotonic). */
	private urgency: Urgency = TIDY;
	private timerAt = math.huge;
	adopted = false;

	constructor(private readonly options: JournalOptions) {}

	/**
	 * Journals `action` as it is now (it is written as it stands at the next flush); `durable(ref,
	 * action)` runs once it is in the DataStore.
	 */
	add(action: Action, durable: OnDurable) {
		this.pending.push(action, durable);
		this.schedule();
	}

	/**
	 * Notes that a journaled action finished, so a later adopter does not run it again; `written`
	 * runs once the journal says so in the DataStore. Until `laneCleared(id)`, the journal also
	 * names the action's lane, for an adopter to clear if this server dies first. `waited`: the
	 * member has a next action here, which waits for this (it is written at the fast pace; other
	 * finishes go at `flushSeconds` at the fastest, several to a write when they come spread out,
	 * unless FINISH_BATCH of them wait: each holds one of the places lanes are worked in).
	 */
	finish(ref: JournalRef, lane: string, id: string, written: () => void, waited = true) {
		this.finishing.push({ ref, lane, id, written });
		this.unclear.set(id, lane);
		this.schedule(waited || this.finishing.size() >= FINISH_BATCH ? WAITED : FINISH);
	}

	/** The action's lane no longer shows it in flight (the head stops naming it at a later write). */
	laneCleared(id: string) {
		if (this.unclear.delete(id)) this.schedule(TIDY);
	}

	/** Actions accepted here and not yet durable. */
	unwritten(): number {
		return this.pending.size() / 2;
	}

	/** Writes everything now and marks the journal released, for another server to adopt at once. */
	release(): Future<void> {
		this.released = true;
		this.dirty = true;
		return this.drain().andThen(() => {
			if (!this.adopted && this.empty()) return this.erase().andThen(() => undefined);
		});
	}

	/** Nothing accepted here is unfinished, and no lane may still show a finished action in flight. */
	empty(): boolean {
		return this.pending.size() === 0 && this.finishing.size() === 0 && this.live.size() === 0 && this.unclear.size() === 0;
	}

	/** Deletes an empty journal and its index entry (this server holds no work); resolves with whether it is gone. */
	erase(): Future<boolean> {
		const { store, serverId } = this.options;
		if (this.flushing || !this.empty()) return Future.resolved(false);
		if (!this.indexed) return Future.resolved(true);
		this.indexed = false;
		// A flush waits for this, so a new head is never written only to be deleted.
		this.flushing = true;
		const erased = store
			.remove(headKey(serverId))
			.andThen(() =>
				store.update<JournalIndex>(INDEX_KEY, (current) => {
					const me = digest(serverId);
					if (!current || current[me] === undefined) return undefined;
					delete current[me];
					return current;
				}),
			)
			.andThen(
				(): boolean => true,
				(failure): boolean => {
					this.indexed = true;
					this.options.onError(failure);
					return false;
				},
			);
		erased.listen(() => {
			this.flushing = false;
			if (this.dirty) this.schedule(this.urgency);
		});
		return erased;
	}

	/** Resolves once nothing is left to write (retrying failed writes meanwhile). */
	private drain(): Future<void> {
		const drained = new Future<void>();
		const check = () => {
			const idle = !this.dirty && !this.flushing && this.pending.size() === 0 && this.finishing.size() === 0;
			if (this.adopted || idle) return drained.resolve();
			this.flushNow();
			this.options.scheduler.delay(0.1, check);
		};
		check();
		return drained;
	}

	/** Arranges a flush for something now unwritten, as soon as `urgency` wants it (sooner if already due). */
	private schedule(urgency: Urgency = WAITED) {
		this.dirty = true;
		if (urgency < this.urgency) this.urgency = urgency;
		if (this.flushing || this.adopted) return;
		const { scheduler, store, flushSeconds } = this.options;
		const wanted = this.urgency;
		const backoff = math.min(2 ** this.failures, 16);
		// A flush already set no later than the fastest pace would ask for stays: the budget need not be read.
		if (this.timer && this.timerAt <= this.lastFlush + flushInterval(wanted, flushSeconds / 4, flushSeconds) * backoff) return;
		// Writes per flush are one or two, so even the fast pace spends a small share of a
		// server's 60 + 40 a player writes a minute (GetRequestBudgetForRequestType says how many are left).
		const budget = store.budget("write");
		const paced =
			budget === undefined
				? flushSeconds
				: budget < LOW_WRITE_BUDGET
					? flushSeconds * 5
					: budget >= AMPLE_WRITE_BUDGET
						? flushSeconds / 4
						: flushSeconds;
		const at = this.lastFlush + flushInterval(wanted, paced, flushSeconds) * backoff;
		if (this.timer) {
			if (this.timerAt <= at) return;
			this.timer();
		}
		this.timerAt = at;
		this.timer = scheduler.delay(math.max(0, at - scheduler.now()), () => {
			this.timer = undefined;
			this.flushNow();
		});
	}

	private flushNow() {
		if (this.flushing || this.adopted || !this.dirty) return;
		if (!this.options.writable()) {
			if (!this.timer) this.timerAt = this.options.scheduler.now() + 0.5;
			this.timer ??= this.options.scheduler.delay(0.5, () => {
				this.timer = undefined;
				this.flushNow();
			});
			return;
		}
		this.timer?.();
		this.timer = undefined;
		this.flushing = true;
		this.dirty = false;
		const urgency = this.urgency;
		this.urgency = TIDY;
		this.lastFlush = this.options.scheduler.now();
		const { store, serverId } = this.options;

		const written = this.pending;
		this.pending = [];
		const finishing = this.finishing;
		this.finishing = [];
		for (const item of finishing) {
			const batch = this.live.get(refBatch(item.ref));
			if (batch && addToRuns(batch.done, refIndex(item.ref))) batch.finished += 1;
		}
		// Batches are ranges of the pending list, not copies of it (a deep queue's first flush holds them all).
		const batches = new Array<Batch>();
		let batchNo = this.next;
		const slots = written.size();
		for (let from = 0; from < slots; from += 2 * MAX_BATCH) {
			batches.push({ number: batchNo++, from, to: math.min(from + 2 * MAX_BATCH, slots) });
		}

		const head: JournalHead = { v: 2, server: serverId, next: batchNo, batches: {} };
		if (this.released) head.released = true;
		if (this.unclear.size() > 0) {
			head.unclear = [];
			for (const [id, lane] of this.unclear) head.unclear.push({ lane, id });
		}
		const finished = new Array<number>();
		for (const [number, batch] of this.live) {
			if (batch.finished >= batch.size) finished.push(number);
			else head.batches[tostring(number)] = [...batch.done];
		}
		for (const batch of batches) head.batches[tostring(batch.number)] = [];

		const writeFrom = (index: number): Future<void> => {
			if (index >= batches.size()) return Future.resolved(undefined);
			const batch = batches[index];
			return store
				.set(batchKey(serverId, batch.number), identity<JournalBatch>({ v: 1, actions: actionsOf(written, batch) }))
				.andThen(() => writeFrom(index + 1));
		};
		writeFrom(0)
			.andThen(() =>
				store.update<JournalHead>(headKey(serverId), (current) => {
					if (current?.adoptedBy !== undefined && current.adoptedBy !== serverId) return undefined;
					return head;
				}),
			)
			.andThen(
				(stored) => {
					this.flushing = false;
					if (stored === undefined) {
						this.pending = [...written, ...this.pending];
						this.finishing = [...finishing, ...this.finishing];
						this.adopted = true;
						this.options.onAdopted();
						return;
					}
					this.failures = 0;
					this.next = batchNo;
					for (const number of finished) {
						this.live.delete(number);
						this.dropBatch(number);
					}
					for (const batch of batches) this.live.set(batch.number, { size: (batch.to - batch.from) / 2, finished: 0, done: [] });
					this.announce(written, batches, 0);
					for (const item of finishing) item.written();
					// Listed again whenever it holds work, in case an adopter took it out while it was empty.
					if (!this.indexed || batches.size() > 0) this.index();
					if (this.dirty || this.pending.size() > 0) this.schedule(this.pending.size() > 0 ? WAITED : this.urgency);
				},
				(failure) => {
					this.flushing = false;
					this.failures += 1;
					this.options.onError(failure);
					this.pending = [...written, ...this.pending];
					this.finishing = [...finishing, ...this.finishing];
					for (const item of finishing) {
						const batch = this.live.get(refBatch(item.ref));
						if (batch && removeFromRuns(batch.done, refIndex(item.ref))) batch.finished -= 1;
					}
					this.schedule(urgency);
				},
			);
	}

	/**
	 * Tells the written batches' actions they are durable: one batch now, each further one a frame
	 * later, so a flush of a deep queue (every action starts its lane's work when told) does not
	 * put all of that work in one frame.
	 */
	private announce(written: Pending, batches: Array<Batch>, index: number) {
		const batch = batches[index];
		if (batch === undefined) return;
		for (let i = batch.from; i < batch.to; i += 2) {
			(written[i + 1] as OnDurable)(batch.number * REF_SPAN + (i - batch.from) / 2, written[i] as Action);
		}
		if (index + 1 < batches.size()) this.options.scheduler.delay(0, () => this.announce(written, batches, index + 1));
	}

	/**
	 * Deletes a finished batch. RemoveAsync hands back the value it removed, decoded on this server
	 * (https://create.roblox.com/docs/reference/engine/classes/GlobalDataStore#RemoveAsync): for a
	 * batch of MAX_BATCH actions, a long frame of work for nothing. So the batch is first
	 * overwritten with an empty one (SetAsync hands back only a version), then removed.
	 */
	private dropBatch(number: number) {
		const { store, serverId } = this.options;
		const key = batchKey(serverId, number);
		store
			.set(key, identity<JournalBatch>({ v: 1, actions: [] }))
			.andThen(() => store.remove(key))
			.catch(this.options.onError);
	}

	/** Lists this server among those whose journals may hold work, so a later server finds it. */
	private index() {
		const { store, serverId } = this.options;
		this.indexed = true;
		store
			.update<JournalIndex>(INDEX_KEY, (current) => {
				const index = current ?? {};
				index[digest(serverId)] = { server: serverId };
				return index;
			})
			.listen((ok, failure) => {
				if (ok) return;
				this.indexed = false;
				this.options.onError(failure);
			});
	}
}
