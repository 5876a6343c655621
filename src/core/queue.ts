// The action queue: every rank action and session write goes through it.
//
// - Actions with the same lane (one member, one session) run one at a time, in order, across all
//   servers of the game (core/lanes.ts); lanes run side by side, paced by the rate gates the
//   handlers' requests pass through.
// - An accepted action is journaled (core/journal.ts) before its first send, so it survives this
//   server crashing; another server adopts the journal and finishes it (core/adoption.ts).
// - Before its first send an action claims its lane, recording itself as in flight, so no other
//   server sends it or anything else for that member until it is settled.
// - A failure that may succeed on retry is retried with capped exponential backoff and full
//   jitter; anything else fails at once with its RankError.
// - A send whose outcome is unknown (timeout, lost connection, 5xx, garbled answer) is never
//   blindly repeated: the handler settles it (reads the member's rank, the session...) and counts
//   it done only if the state is what the action was to produce; one that is out of attempts or
//   time is settled once more before it fails, so its failure says whether it landed.
// - Once the usage quota is spent, quota-spending actions are parked until it resets.
// - Every step that waits on something outside (a rank read, a shared store) has a time limit,
//   so no action holds its lane forever.
import { Action, ActionHandler, ActionHandlers, ActionReport } from "./action";
import { Deque, Line, linePeek, linePush, lineShift, lineSize, lineUnshift } from "./deque";
import { DoneRecords } from "./doneRecords";
import { ErrorKind, RankError, toRankError } from "./errors";
import { Future } from "./future";
import { pendingPromise, settlePromise } from "./publicPromise";
import { Journal, JournalRef } from "./journal";
import { FinishedRecord, FinishOutcome, Lanes, TakeResult } from "./lanes";
import { QuotaParking } from "./quotaParking";
import { backoffDelay, isRetryable, outcomeUnknown, RetryPolicy } from "./retry";
import { Scheduler } from "./scheduler";
import { Liveness, Servers } from "./servers";
import { ShardedMap } from "./shardedMap";
import { Signal } from "./signal";

export interface QueueStatus {
	/** Actions waiting their turn (parked ones included). */
	queued: number;
	/** Requests on the wire right now. */
	inFlight: number;
	/** Actions held until the usage quota resets. */
	parked: number;
	/** Requests this server could send now without waiting: with shared stores, the shared window's room as this server last saw it (at its last lease) plus grants it holds; other servers may have used some since. */
	budgetLeft: number;
	/** Quota-spending actions left, when the service has said. */
	quotaLeft?: number;
	/** Unix seconds when parked actions resume. */
	quotaResumesAt?: number;
	/** The most recent failure of any attempt. */
	lastError?: { kind: string; message: string };
	/** Seconds the longest-running action has been at work (0 when none is). */
	oldestRunningSeconds: number;
	/** Accepted actions not yet in the journal: a crash now would lose these (at most a couple of seconds' worth). */
	unwritten: number;
}

/** What the queue needs to coordinate with the other servers of the game. */
export interface SharedWork {
	journal: Journal;
	lanes: Lanes;
	servers: Servers;
	records: DoneRecords;
	/** Seconds an adopted action that may still be on the wire waits before it is settled. */
	settleAfterSeconds: number;
	/** A lane is held by a server that may be dead: look for work to adopt. */
	lookForOrphans: () => void;
}

export interface QueueOptions {
	scheduler: Scheduler;
	random: () => number;
	retry: RetryPolicy;
	handlers: ActionHandlers;
	quota?: QuotaParking;
	budgetLeft: () => number;
	/** Seconds to let an unanswered request land before reading what it did. */
	settleDelay: number;
	/** The service's name, for messages. */
	provider: string;
	/** Coordination with the other servers; without it, this server's work is its own only. */
	shared?: SharedWork;
	/** Seconds a step waiting on something outside may take before it is abandoned. */
	stepLimit: number;
	/**
	 * A member's rank may have changed by now (to `rank` when known): rank reads after this must
	 * show it (roblox/freshRanks.ts). `landed` false: a send whose answer was lost, which may not
	 * have landed, so a read showing `rank` proves it only if no earlier read could show it too.
	 */
	rankChanged?: (userId: number, rank?: number, landed?: boolean) => void;
}

/**
 * What the queue knows of an action while it is worked. An action waiting its first turn has none:
 * its lane holds the action itself (a deep queue holds one per action, and the action has room
 * for the one thing it needs while it waits, `durable`). An entry is made when its lane first
 * takes it up, or before that when it is adopted or claimed along with the finish of the action
 * ahead of it; it is kept with the action should it go back in line.
 * Flags and counts are left out until set (undefined is false or 0).
 */
interface Entry {
	action: Action;
	/** Taken over from a server that died or shut down. */
	adopted?: boolean;
	/** The shared lane records it in flight. */
	claimed?: boolean;
	prepared?: boolean;
	/** Its done record was looked up before any work (a hint), and once its lane was held (the answer). */
	prechecked?: boolean;
	recordChecked?: boolean;
	/** Monotonic seconds it started being worked, for status. */
	since?: number;
	/**
	 * Monotonic seconds its first request went out (past the rate gates and the check before
	 * sending), and the first time it was handed to a handler: `retry.maxElapsed` counts from
	 * the first, or from the second while nothing has gone out. Time spent waiting for a rate slot
	 * behind a backlog is not retrying.
	 */
	firstSendAt?: number;
	firstTryAt?: number;
	/** Settles that failed (the read could not be made); they count against maxAttempts with the sends. */
	settles?: number;
	/** The failure that left the outcome unknown, if it happened here. */
	uncertainBy?: RankError;
	/**
	 * Out of attempts or time with its outcome unknown: the failure it ends with, after one last
	 * settle (set once; that settle's result is final).
	 */
	lastSettle?: RankError;
	/** Claims that found the lane busy in a row, for backing off. */
	busyTries?: number;
	/** A replay resuming a failure recorded on its lane (the record is replaced when it finishes). */
	resuming?: boolean;
}

/**
 * A lane with work here: a line of the actions waiting their turn (kept in the lane's own table).
 * As with entries, what is unset is false.
 */
interface Lane extends Line<Action> {
	name: string;
	current?: Entry;
	/** This server holds the shared lane. */
	holds?: boolean;
	/** The member's rank after this lane's last rank action here, so the next one need not read it. */
	lastRank?: number;
	/** Monotonic seconds before which the lane is not tried again (another server holds it). */
	notBefore?: number;
	/** It holds one of the ACTIVE_LANES places. */
	admitted?: boolean;
	// Whether it waits in a line for a place is not kept: a lane waiting in line holds only its
	// name, its line's end and its entries (a table with room for two named fields).
}

/** A step under way (see `step`): when it times out, and who hears how it ended. */
interface Step {
	deadline: number;
	after: (ok: boolean, value: unknown) => void;
	done?: boolean;
}

/**
 * Lanes worked at once on this server. Every other lane with work waits its turn in a line, and
 * costs only its entries: a lane being worked holds reads, a shared claim and a place at the rate
 * gate, and 100 a minute need far fewer than this many at a time. Lanes waiting for another
 * server, or for a retry, give their place up meanwhile.
 */
const ACTIVE_LANES = 32;
/** Lanes in line tried for a place within one frame at most. */
const FILL_PER_FRAME = 256;
/** Results kept for replays on this server. */
const LOCAL_REPLAY_MEMORY = 1000;
/** Seconds between tries of a lane another server holds, at most. */
const BUSY_WAIT_MAX = 15;
/** A failure message kept in a shared record is cut to this many characters (records must stay small). */
const RECORD_MESSAGE = 200;
/** Failed tries of a done record (1 + 2 + ... + 128 s apart) before its lane goes on without it. */
const RECORD_TRIES_HELD = 8;
/** Longest wait between tries of a done record. */
const RECORD_RETRY_MAX = 60;

function rankFields(result: unknown): { oldRank?: number; newRank?: number } {
	if (!typeIs(result, "table")) return {};
	const fields = result as { oldRank?: unknown; newRank?: unknown };
	return {
		oldRank: typeIs(fields.oldRank, "number") ? fields.oldRank : undefined,
		newRank: typeIs(fields.newRank, "number") ? fields.newRank : undefined,
	};
}

/** The done-record group of an action: its session for participant writes (one key per session), else its lane. */
function recordGroup(action: Action): string {
	return action.sessionId !== undefined ? `session:${action.sessionId}` : action.lane;
}

function newLane(name: string): Lane {
	return { name };
}

export class ActionQueue {
	/** Fires when an action finishes. */
	readonly completed = new Signal<ActionReport>();
	/** Fires when an action fails for good. */
	readonly failed = new Signal<ActionReport>();

	/** Lanes with work here, by name (sharded: a deep queue has one per member). */
	private readonly lanes = new ShardedMap<string, Lane>();
	/** Unfinished actions by id, each with the caller's Promise (`true` for one adopted, until a caller asks for it). */
	private readonly byId = new ShardedMap<string, Promise<unknown> | true>();
	private readonly finished = new Map<string, { ok: boolean; value: unknown }>();
	private readonly finishedOrder = new Deque<string>();
	private readonly working = new Set<Entry>();
	/** Entries of actions back in line after their lane took them up, and of adopted ones waiting: the rest have none yet. */
	private readonly begun = new Map<Action, Entry>();
	/** Actions that finished before they were journaled (a copy already done elsewhere): marked done once they are. */
	private readonly finishWhenDurable = new Set<Action>();
	/** Lanes with work waiting for one of the ACTIVE_LANES places, in the order they asked. */
	private readonly ready = new Deque<Lane>();
	/** Lanes whose next action waits for the usage quota to reset, in the order they met it. */
	private readonly quotaLine = new Deque<Lane>();
	private watchingQuota = false;
	/** fillPlaces is running further up the stack; a continuation is set for the next frame. */
	private filling = false;
	private fillTimer = false;
	/** Ids of actions being adopted: their lanes are transferred before they are queued here. */
	private readonly incoming = new Set<string>();
	/** Steps under way that have not timed out, oldest first (finished ones leave when they reach the front). */
	private readonly steps = new Deque<Step>();
	private watchingSteps = false;
	private active = 0;
	private unfinished = 0;
	private inFlight = 0;
	private lastError?: RankError;
	private closed = false;

	constructor(private readonly options: QueueOptions) {}

	/** An action is in the journal (one callback for all actions: no closure per action). */
	private readonly journaled = (ref: JournalRef, action: Action) => {
		action.durable = ref;
		const journal = this.options.shared!.journal;
		const { lane, id } = action;
		if (this.finishWhenDurable.delete(action)) journal.finish(ref, lane, id, () => journal.laneCleared(id));
		else {
			// The lane it was queued on, or the member's lane now if that one emptied meanwhile. Only
			// the first action waiting decides whether a lane can go on.
			const current = this.lanes.get(lane);
			if (current && linePeek(current) === action) this.pump(current);
		}
	};

	/**
	 * Queues an action; resolves with its result once it is done, or rejects with a RankError.
	 * An action with `named` set is also recognised by its id for RECORD_DAYS, game-wide.
	 */
	submit(action: Action): Promise<unknown> {
		if (this.closed) {
			return Promise.reject(
				new RankError(ErrorKind.ShuttingDown, `This server is shutting down; ${action.kind} was not queued. Try again on another server.`),
			);
		}
		const existing = this.byId.get(action.id);
		if (existing === true) {
			// Adopted from another server, and now asked for by a caller here.
			const promise = pendingPromise<unknown>();
			this.byId.set(action.id, promise);
			return promise;
		}
		if (existing) return existing;
		const remembered = this.finished.get(action.id);
		if (remembered) return remembered.ok ? Promise.resolve(remembered.value) : Promise.reject(remembered.value);
		const promise = pendingPromise<unknown>();
		this.byId.set(action.id, promise);
		this.enqueueOne(action);
		return promise;
	}

	/**
	 * Actions about to be adopted: their lanes are being transferred to this server, in-flight
	 * records included, before they are queued here. They stay expected until they are: an adoption
	 * that fails after some transfers (a store error, or a write whose answer was lost) is tried
	 * again, and meanwhile a lane showing one of them in flight is left to it. Taking such a lane
	 * for other work would drop the record that the action may have been sent, and the action,
	 * adopted later, would be sent again.
	 */
	expectAdoption(actions: ReadonlyArray<Action>) {
		for (const action of actions) this.incoming.add(action.id);
	}

	/**
	 * Takes over actions from another server's journal, ahead of this server's own waiting work on
	 * the same lanes (they were accepted earlier). Resolves once they are in this server's journal.
	 */
	adopt(actions: ReadonlyArray<Action>): Future<void> {
		for (const action of actions) this.incoming.delete(action.id);
		const copies = new Array<Action>();
		for (const action of actions) {
			if (this.byId.has(action.id) || this.finished.has(action.id)) continue;
			// Named from here on: if this server dies before its copy of the journal is gone, a
			// second adopter may find the action twice, and its done record tells it apart. Durable
			// here only once in this server's journal.
			const copy = { ...action, named: true, durable: undefined };
			this.begun.set(copy, { action: copy, adopted: true });
			copies.push(copy);
		}
		this.enqueue(copies, true);
		const journaled = new Future<void>();
		const check = () => {
			if (this.closed || copies.every((copy) => copy.durable !== undefined)) return journaled.resolve();
			this.options.scheduler.delay(0.25, check);
		};
		check();
		return journaled;
	}

	status(): QueueStatus {
		const quota = this.options.quota;
		const now = this.options.scheduler.now();
		let oldest = 0;
		for (const entry of this.working) if (entry.since !== undefined) oldest = math.max(oldest, now - entry.since);
		return {
			queued: math.max(0, this.unfinished - this.inFlight),
			inFlight: this.inFlight,
			// Lanes waiting in the quota's line hold one parked action each (until the reset lets them start).
			parked: (quota?.parkedCount() ?? 0) + (quota?.isParked() ? this.quotaLine.size() : 0),
			budgetLeft: this.options.budgetLeft(),
			quotaLeft: quota?.current(),
			quotaResumesAt: quota?.resumesAt(),
			lastError: this.lastError ? { kind: this.lastError.kind, message: this.lastError.message } : undefined,
			oldestRunningSeconds: oldest,
			unwritten: this.options.shared?.journal.unwritten() ?? 0,
		};
	}

	/** Actions accepted here and not finished. */
	pending(): number {
		return this.unfinished;
	}

	/**
	 * Stops starting work. Sends still waiting for a rate slot are cancelled (the journal keeps
	 * their actions for whoever adopts it; one already on the wire stays in flight on its lane and
	 * is settled there). Callers' promises reject with ShuttingDown. Resolves with the number of
	 * unfinished actions.
	 */
	close(): number {
		this.closed = true;
		const pending = this.unfinished;
		const failure = new RankError(
			ErrorKind.ShuttingDown,
			"This server shut down before the action finished; another server of the game finishes it.",
		);
		this.byId.forEach((promise) => {
			if (promise !== true) settlePromise(promise, false, failure);
		});
		return pending;
	}

	isClosed(): boolean {
		return this.closed;
	}

	/** A shared-store failure outside the queue (a journal flush, a heartbeat), shown as the last error. */
	noteError(failure: unknown) {
		this.lastError = toRankError(failure);
	}

	/** The entry of a waiting action its lane takes up now: the one it had, or a new one. */
	private takeUp(action: Action): Entry {
		const entry = this.begun.get(action);
		if (entry === undefined) return { action };
		this.begun.delete(action);
		return entry;
	}

	/** Puts the entry's action back first in its lane, keeping what is known of it. */
	private putBack(lane: Lane, entry: Entry) {
		this.begun.set(entry.action, entry);
		lineUnshift(lane, entry.action);
	}

	private laneOf(name: string): Lane {
		return this.lanes.getOrSet(name, newLane);
	}

	private enqueue(actions: ReadonlyArray<Action>, first: boolean) {
		if (this.options.shared && actions.size() > 0) this.options.shared.servers.join();
		for (const action of actions) if (!this.byId.has(action.id)) this.byId.set(action.id, true);
		// Put in reverse when they go first, so they keep their own order.
		for (let i = first ? actions.size() - 1 : 0; first ? i >= 0 : i < actions.size(); i += first ? -1 : 1) this.place(actions[i], first);
		for (const action of actions) this.journal(action, this.laneOf(action.lane));
	}

	/**
	 * enqueue() for one action, last on its lane, its caller's Promise already listed (no array, and
	 * its lane looked up once: this runs for every action).
	 */
	private enqueueOne(action: Action) {
		this.options.shared?.servers.join();
		this.journal(action, this.place(action, false));
	}

	/** Puts an action on its lane, first or last; returns the lane. */
	private place(action: Action, first: boolean): Lane {
		this.unfinished += 1;
		const lane = this.laneOf(action.lane);
		if (first) lineUnshift(lane, action);
		else linePush(lane, action);
		return lane;
	}

	/** Journals an action placed on `lane` (it starts once durable), and moves its lane on. */
	private journal(action: Action, lane: Lane) {
		const shared = this.options.shared;
		if (!shared) action.durable = true;
		else shared.journal.add(action, this.journaled);
		// Behind another action it changes nothing yet (and a lane waiting in line is not lined up twice).
		if (linePeek(lane) === action) this.pump(lane);
	}

	private pump(lane: Lane) {
		if (lane.current || this.closed) return;
		if (lane.notBefore !== undefined && this.options.scheduler.now() < lane.notBefore) return;
		const action = linePeek(lane);
		// Not journaled yet: the journal pumps it again once it is.
		if (action !== undefined && action.durable === undefined) return;
		// A lane that emptied is forgotten; one still waiting in line for a place (or a timer) is then
		// stale, and must not touch the member's new lane.
		if (this.lanes.get(lane.name) !== lane) return;
		if (!action) {
			this.lanes.delete(lane.name);
			if (lane.holds) {
				lane.holds = false;
				this.letGo(lane.name, 0);
			}
			// Last, once the lane is gone: work this starts may queue for the same member anew.
			this.giveUpPlace(lane);
			return;
		}
		if (!lane.admitted) {
			// A lane is pumped when its first action is ready to go and when a place or a timer it
			// waited for comes, so it is lined up about once; should it be lined up twice, the second
			// turn finds it at work (or gone) and passes.
			if (this.heldForQuota(action)) {
				// Parked until the quota resets: it waits in the quota's line, and takes no place.
				this.quotaLine.push(lane);
				this.watchQuota();
				return;
			}
			if (this.active >= ACTIVE_LANES) {
				this.ready.push(lane);
				return;
			}
			lane.admitted = true;
			this.active += 1;
		}
		lineShift(lane);
		const entry = this.takeUp(action);
		lane.current = entry;
		this.start(lane, entry);
	}

	/** The action spends quota, and the quota is spent: it waits for the reset (an uncertain one settles first). */
	private heldForQuota(action: Action): boolean {
		const quota = this.options.quota;
		return quota !== undefined && quota.isParked() && !action.uncertain && this.options.handlers[action.kind]?.usesQuota === true;
	}

	/** Once the quota resets, lanes held for it get places again (one watch, however many lanes wait). */
	private watchQuota() {
		const quota = this.options.quota;
		if (this.watchingQuota || !quota) return;
		this.watchingQuota = true;
		quota.afterReset().listen(() => {
			this.watchingQuota = false;
			this.fillPlaces();
		});
	}

	/** The lane stops being worked for now: its place goes to the next lane in line. */
	private giveUpPlace(lane: Lane) {
		if (!lane.admitted) return;
		lane.admitted = false;
		this.active -= 1;
		this.fillPlaces();
	}

	/**
	 * Hands free places to lanes in line: those held for the quota first once it is back (they
	 * asked earlier), then the rest. Starting a lane can free a place at once (it waits for a
	 * retry, another server, the quota...): the loop running further up the stack goes on with
	 * it, so the stack never grows with the line. A frame tries at most FILL_PER_FRAME lanes; a
	 * long line of lanes that cannot start yet is gone through over several frames.
	 */
	private fillPlaces() {
		if (this.filling) return;
		this.filling = true;
		const [ok, failure] = pcall(() => {
			let tried = 0;
			while (this.active < ACTIVE_LANES) {
				if (tried >= FILL_PER_FRAME) {
					this.fillNextFrame();
					return;
				}
				const quotaBack = !this.options.quota?.isParked();
				const waitingLane = (quotaBack ? this.quotaLine.shift() : undefined) ?? this.ready.shift();
				if (!waitingLane) return;
				tried += 1;
				this.pump(waitingLane);
			}
		});
		this.filling = false;
		if (!ok) throw failure;
	}

	private fillNextFrame() {
		if (this.fillTimer) return;
		this.fillTimer = true;
		this.options.scheduler.delay(0, () => {
			this.fillTimer = false;
			this.fillPlaces();
		});
	}

	/** Lets go of a shared lane this server no longer needs, retrying a failed write (others wait on it). */
	private letGo(name: string, tries: number) {
		const shared = this.options.shared;
		if (!shared || this.lanes.get(name)?.holds) return;
		shared.lanes.release(name).listen((ok, failure) => {
			if (ok) return;
			this.lastError = toRankError(failure);
			if (tries < 6) this.options.scheduler.delay(2 ** tries, () => this.letGo(name, tries + 1));
		});
	}

	/** Puts the current entry back first in its lane and tries again after `seconds`. */
	private later(lane: Lane, entry: Entry, seconds: number) {
		lane.current = undefined;
		this.putBack(lane, entry);
		this.working.delete(entry);
		lane.notBefore = this.options.scheduler.now() + seconds;
		this.options.scheduler.delay(seconds, () => this.pump(lane));
		// Last: handing the place on runs other lanes' work, which may come back to this lane.
		this.giveUpPlace(lane);
	}

	/** The handler for the action's current kind (a promote may have become a setRank). */
	private handlerOf(entry: Entry): ActionHandler | undefined {
		return this.options.handlers[entry.action.kind];
	}

	/**
	 * Runs `promise` as one step with the watchdog's time limit; `next` gets (true, value) or
	 * (false, failure), once. A step that outlives the limit is abandoned and fails with Timeout.
	 */
	private step<T>(future: Future<T>, after: (ok: boolean, value: unknown) => void) {
		const step: Step = { deadline: this.options.scheduler.now() + this.options.stepLimit, after };
		future.listen((ok, value) => {
			if (step.done) return;
			step.done = true;
			after(ok, value);
		});
		if (step.done) return;
		this.steps.push(step);
		if (!this.watchingSteps) this.watchSteps();
	}

	/**
	 * One timer for every step under way, set for the oldest: steps all have the same limit, so
	 * they time out in the order they began (a timer per step was a thread each in a game).
	 */
	private watchSteps() {
		const steps = this.steps;
		while (steps.peek()?.done) steps.shift();
		const oldest = steps.peek();
		if (!oldest) return;
		this.watchingSteps = true;
		const scheduler = this.options.scheduler;
		scheduler.delay(oldest.deadline - scheduler.now(), () => {
			const now = scheduler.now();
			const due = new Array<Step>();
			for (;;) {
				const step = steps.peek();
				if (!step || (!step.done && step.deadline > now)) break;
				steps.shift();
				if (step.done) continue;
				step.done = true;
				due.push(step);
			}
			// The timer for the rest is set before those timing out run on (and begin steps of their own).
			this.watchingSteps = false;
			this.watchSteps();
			const limit = this.options.stepLimit;
			for (const step of due) step.after(false, new RankError(ErrorKind.Timeout, `a step took longer than ${limit} seconds and was abandoned`));
		});
	}

	/** Works the entry at the head of its lane through whatever it still needs, then sends it. */
	private start(lane: Lane, entry: Entry): void {
		if (this.closed) return;
		const handler = this.handlerOf(entry);
		if (!handler)
			return this.fail(lane, entry, new RankError(ErrorKind.Unsupported, `${this.options.provider} cannot ${entry.action.kind}.`), true);
		const action = entry.action;
		const shared = this.options.shared;
		const scheduler = this.options.scheduler;
		entry.since ??= scheduler.now();
		this.working.add(entry);

		const quota = handler.usesQuota ? this.options.quota : undefined;
		if (quota?.isParked() && !action.uncertain) return this.park(lane, entry, quota, quota.whenAvailable());

		// A copy of a named id finished elsewhere is usually known before any work is done for it
		// (the rank read below); the check that counts comes once the lane is held.
		if (shared && action.named && !entry.prechecked && !entry.claimed && handler.prepare) {
			entry.prechecked = true;
			return this.step(shared.records.lookup(recordGroup(action), action.id), (ok, record) => {
				if (ok && record !== undefined) return this.replayed(lane, entry, record as FinishedRecord);
				this.start(lane, entry);
			});
		}

		if (!entry.prepared && action.attempts === 0 && !action.uncertain && handler.prepare) {
			entry.prepared = true;
			if (lane.lastRank !== undefined) {
				// The lane's last action here just set it, and the lane is still ours.
				action.fromRank = lane.lastRank;
				return this.start(lane, entry);
			}
			// A failed read is not fatal: the service checks again, and settling says when it cannot tell.
			return this.noteRank(action, handler.prepare, () => this.start(lane, entry));
		}

		if (shared && !entry.claimed) return this.claim(lane, entry, shared);

		// A copy of a named id finished anywhere, any time in the record window, has its done
		// record written before its lane was let go: looked up once the lane is ours, it is there.
		// A lookup that fails says nothing: it is made again (after a backoff) before anything is sent.
		if (shared && action.named && !entry.recordChecked) {
			entry.recordChecked = true;
			return this.step(shared.records.lookup(recordGroup(action), action.id), (ok, record) => {
				if (!ok) {
					entry.recordChecked = false;
					return this.sharedStoreFailed(lane, entry, record);
				}
				if (record !== undefined) return this.replayed(lane, entry, record as FinishedRecord);
				entry.busyTries = undefined;
				this.start(lane, entry);
			});
		}

		if (shared && !shared.servers.confident()) return this.later(lane, entry, 1);

		const wait = action.uncertain && action.settleAfter !== undefined ? action.settleAfter - scheduler.unixTime() : 0;
		if (wait > 0) {
			scheduler.delay(wait, () => this.start(lane, entry));
			return;
		}
		if (action.uncertain) this.settle(lane, entry);
		else this.send(lane, entry);
	}

	/** Claims the shared lane for the entry, recording it in flight before anything is sent. */
	private claim(lane: Lane, entry: Entry, shared: SharedWork) {
		const action = entry.action;
		const servers = shared.servers;
		const liveness = (server: string): Liveness => servers.liveness(server);
		this.step(
			shared.lanes.take(
				action.lane,
				action.id,
				action.fromRank,
				liveness,
				entry.resuming,
				(other) => this.byId.has(other) || this.incoming.has(other),
				entry.resuming === true && action.uncertain === true,
			),
			(ok, value) => {
				if (this.closed) return;
				if (!ok) return this.sharedStoreFailed(lane, entry, value);
				const result = value as TakeResult;
				if ("finished" in result) return this.replayed(lane, entry, result.finished);
				if ("movedOn" in result)
					return this.fail(
						lane,
						entry,
						this.unsettled(
							entry,
							"an earlier try may have landed, and the member's lane has moved on since (or no longer remembers it), so the rank cannot tell: it is neither counted as done nor sent again.",
							ErrorKind.Conflict,
						),
						true,
					);
				if ("waitsFor" in result) return this.behind(lane, entry, result.waitsFor);
				if ("busy" in result) {
					const busyTries = (entry.busyTries ?? 0) + 1;
					entry.busyTries = busyTries;
					lane.lastRank = undefined;
					if (!result.ownerLive) shared.lookForOrphans();
					if (servers.liveness(result.owner) === "unknown") servers.view().catch(() => undefined);
					// Read the rank again once the lane is ours: whoever holds it may be changing it.
					this.forgetRank(entry);
					return this.later(lane, entry, math.min(BUSY_WAIT_MAX, 0.5 * 2 ** math.min(busyTries, 5)));
				}
				entry.busyTries = undefined;
				entry.claimed = true;
				lane.holds = true;
				if (result.stale && action.uncertain) {
					// It may have landed already (a replay resuming an unknown outcome, or one taken over
					// from a server that died), and other changes may have landed after it: settling
					// compares with the rank it was sent from, which is kept. A rank read now would take
					// the later changes for its start, and a relative change found "not landed" from
					// there would be applied a second time. The claim left the rank out of the lane:
					// record it again (a failed write keeps it here; the lane only needs it if this
					// server dies before settling).
					return this.step(shared.lanes.begin(action.lane, action.id, action.fromRank), () => this.start(lane, entry));
				}
				if (result.stale) {
					// The rank was read before another server's change here landed: read it again, now
					// that nobody else can change it through RankBridge, and record it.
					if (action.userId !== undefined) this.options.rankChanged?.(action.userId);
					return this.noteRank(action, this.handlerOf(entry)!.prepare!, (read) => {
						if (!read) action.fromRank = undefined;
						this.step(shared.lanes.begin(action.lane, action.id, action.fromRank), (ok) => {
							if (!ok) action.fromRank = undefined;
							this.start(lane, entry);
						});
					});
				}
				if (result.inFlight && (result.inFlight.s !== servers.me || result.inFlight.t)) {
					// It was sent (or about to be) by a server that is gone: settle it before anything else.
					action.uncertain = true;
					action.fromRank = result.inFlight.from ?? action.fromRank;
					action.attempts = math.max(action.attempts, 1);
					if (entry.adopted && action.settleAfter === undefined) {
						action.settleAfter = this.options.scheduler.unixTime() + shared.settleAfterSeconds;
					}
				}
				this.start(lane, entry);
			},
		);
	}

	/** A shared-store call failed: try the step again after a backoff (never dropped). */
	private sharedStoreFailed(lane: Lane, entry: Entry, failure: unknown) {
		this.lastError = toRankError(failure);
		const busyTries = (entry.busyTries ?? 0) + 1;
		entry.busyTries = busyTries;
		this.later(lane, entry, math.min(BUSY_WAIT_MAX, 0.5 * 2 ** math.min(busyTries, 5)) * (0.5 + this.options.random()));
	}

	/**
	 * The lane's in-flight record is an action this server adopted: `entry` waits behind it (adopted
	 * actions go first in their lanes, but `entry` may have started before they were adopted).
	 */
	private behind(lane: Lane, entry: Entry, adoptedId: string) {
		// Adopted actions were put first in the lane: take actions off the front up to it.
		const ahead = new Array<Action>();
		for (;;) {
			const waiting = lineShift(lane);
			if (!waiting) break;
			ahead.push(waiting);
			if (waiting.id === adoptedId) break;
		}
		const found = ahead.size() > 0 && ahead[ahead.size() - 1].id === adoptedId;
		if (found) {
			ahead.push(entry.action);
			this.begun.set(entry.action, entry);
		}
		for (let i = ahead.size() - 1; i >= 0; i--) lineUnshift(lane, ahead[i]);
		// Not queued yet (its adoption is under way): try again shortly.
		if (!found) return this.later(lane, entry, 1);
		// Back in line right behind the adopted action, which may change the rank; the lane keeps its place.
		lane.lastRank = undefined;
		this.forgetRank(entry);
		lane.current = undefined;
		this.working.delete(entry);
		this.pump(lane);
	}

	/** An action not yet sent reads the member's rank again once the lane is its own. */
	private forgetRank(entry: Entry) {
		if (entry.action.attempts === 0 && !entry.action.uncertain) {
			entry.prepared = false;
			entry.action.fromRank = undefined;
		}
	}

	/** Holds the entry until `available` (the quota's reset), letting go of its lane meanwhile. */
	private park(lane: Lane, entry: Entry, quota: QuotaParking, available: Future<void>) {
		const shared = this.options.shared;
		lane.lastRank = undefined;
		const waitForReset = () => {
			this.working.delete(entry);
			entry.since = undefined;
			// Still the lane's current entry (nothing behind it may start), but not worked meanwhile.
			this.giveUpPlace(lane);
			available.listen(() => {
				// Another server may have run a copy of it meanwhile.
				entry.prechecked = false;
				entry.recordChecked = false;
				lane.current = undefined;
				this.putBack(lane, entry);
				if (this.active >= ACTIVE_LANES) {
					// It met the quota before any lane in the quota's line did: it goes first there, not
					// to the end of the other line (which waits for the quota's line to empty, and
					// meanwhile its journal batch could not be let go).
					this.quotaLine.unshift(lane);
					return;
				}
				this.pump(lane);
			});
		};
		if (!shared || !entry.claimed) return waitForReset();
		this.step(shared.lanes.finish(lane.name, entry.action.id, undefined, false), (ok) => {
			if (!ok) {
				// Nothing was applied; the lane still shows it in flight, which a later claim replaces.
				return waitForReset();
			}
			entry.claimed = false;
			lane.holds = false;
			waitForReset();
		});
	}

	private send(lane: Lane, entry: Entry) {
		const action = entry.action;
		const scheduler = this.options.scheduler;
		entry.firstTryAt ??= scheduler.now();
		action.attempts += 1;
		this.inFlight += 1;
		let unsent = false;
		const ready = () =>
			this.beforeSend(entry).andThen(
				() => {
					entry.firstSendAt ??= scheduler.now();
				},
				(failure): never => {
					unsent = true;
					throw failure;
				},
			);
		Future.try(() => this.handlerOf(entry)!.run(action, ready)).listen((ok, value) => {
			this.inFlight -= 1;
			// A handler that sends without the check still sent: its answer is the nearest time known.
			if (!unsent) entry.firstSendAt ??= scheduler.now();
			// A change that landed: rank reads from now on must show it. (One whose outcome is unknown
			// is read when it is settled, which says the same first.)
			if (ok && action.userId !== undefined && this.handlerOf(entry)?.usesQuota) {
				this.options.rankChanged?.(action.userId, rankFields(value).newRank);
			}
			if (ok) return this.succeeded(lane, entry, value);
			if (unsent) action.attempts -= 1;
			this.recover(lane, entry, toRankError(value), unsent);
		});
	}

	/**
	 * A relative change's request may go now: note the rank it starts from again (it may have
	 * waited a while for its rate slot), and if it moved, record that in the lane before sending,
	 * so whoever settles a lost answer compares with the rank the change was applied to.
	 */
	private beforeSend(entry: Entry): Future<void> {
		const action = entry.action;
		const prepare = this.handlerOf(entry)?.prepare;
		if (!prepare) return Future.resolved(undefined);
		const before = action.fromRank;
		// A rank that cannot be read now (or within a step's time) is forgotten: a lost answer is
		// then reported, never resent.
		const read = new Future<void>();
		this.noteRank(action, prepare, (ok) => {
			if (!ok) action.fromRank = undefined;
			read.resolve(undefined);
		});
		return read.andThen(() => {
			// A relative change resent as "set to the next rank" (its first send's answer was lost, and
			// the settle's read showed it had not landed) goes only while the member is still at the
			// rank it started from: an officer's change made while it waited for its slot would be
			// overwritten otherwise.
			if (action.originalKind !== undefined && before !== undefined && action.fromRank !== undefined && action.fromRank !== before) {
				throw new RankError(
					ErrorKind.Conflict,
					`the member's rank went from ${before} to ${action.fromRank} while the ${action.originalKind} waited to be sent again: someone else changed it meanwhile, so it is neither counted as done nor sent again.`,
				);
			}
			const shared = this.options.shared;
			if (!shared || !entry.claimed || action.fromRank === before) return;
			return shared.lanes.begin(action.lane, action.id, action.fromRank).andThen((ours) => {
				if (!ours) throw new RankError(ErrorKind.Transient, "the member's lane was taken over before the change was sent");
			});
		});
	}

	/**
	 * Reads the member's rank (the handler's `prepare`) as a step, and notes it as the rank the
	 * action starts from if it came in time; a read that answers later is ignored. `after` hears
	 * whether it did.
	 */
	private noteRank(action: Action, prepare: NonNullable<ActionHandler["prepare"]>, after: (read: boolean) => void) {
		this.step(
			Future.try(() => prepare(action)),
			(ok, rank) => {
				if (ok) action.fromRank = rank as number | undefined;
				after(ok);
			},
		);
	}

	/**
	 * Asks the handler whether an uncertain send took effect; sends the absolute form if it did not
	 * (unless it is the last settle of an action out of attempts or time: see `recover`).
	 */
	private settle(lane: Lane, entry: Entry) {
		// The send may have landed (here, or on a server that died): the reads settling it must show
		// it. A read showing the rank it sets (when known here) is taken at once, if no cache could
		// hold that rank.
		const userId = entry.action.userId;
		if (userId !== undefined && this.handlerOf(entry)?.usesQuota) this.options.rankChanged?.(userId, entry.action.rank, false);
		this.step(
			Future.try(() => this.handlerOf(entry)!.settle(entry.action)),
			(ok, value) => {
				if (this.closed) return;
				const last = entry.lastSettle;
				if (!ok) {
					if (last) {
						// Still unknown: it fails as it stood, resumable, a replay settling it first.
						this.lastError = toRankError(value);
						return this.fail(lane, entry, last, false);
					}
					entry.settles = (entry.settles ?? 0) + 1;
					return this.recover(lane, entry, toRankError(value));
				}
				const outcome = value as import("./action").Outcome;
				if ("done" in outcome) return this.succeeded(lane, entry, outcome.done);
				if ("conflict" in outcome) return this.fail(lane, entry, this.unsettled(entry, outcome.conflict, ErrorKind.Conflict), true);
				if ("unknown" in outcome) return this.fail(lane, entry, this.unsettled(entry, outcome.unknown), true);
				if (last) {
					// Nothing more is sent past the limits. If the read showed it did not land, its
					// record says so: a replay of its id sends it as it was asked, from the rank then.
					if (outcome.unapplied) this.unapplied(entry.action);
					return this.fail(lane, entry, last, false);
				}
				// The same action in the journal, sent in another form.
				entry.action = { ...outcome.retry, uncertain: false, settleAfter: undefined, durable: entry.action.durable };
				if (!this.handlerOf(entry))
					return this.fail(
						lane,
						entry,
						new RankError(ErrorKind.Unsupported, `${this.options.provider} cannot ${entry.action.kind}.`),
						true,
					);
				this.send(lane, entry);
			},
		);
	}

	/**
	 * A settle showed that no send of the action took effect: it is again the action its caller
	 * asked for (a promote or demote the settle turned into a set to the next rank is one again,
	 * its target to be worked out afresh), with nothing on the wire.
	 */
	private unapplied(action: Action) {
		action.uncertain = false;
		action.settleAfter = undefined;
		if (action.originalKind !== undefined) {
			action.kind = action.originalKind;
			action.originalKind = undefined;
		}
		if (action.kind === "promote" || action.kind === "demote") action.rank = undefined;
	}

	/** The failure for an action whose outcome stays unknown (or turned out changed by someone else), and why. */
	private unsettled(entry: Entry, why: string, kind?: ErrorKind): RankError {
		const cause = entry.uncertainBy;
		const action = entry.action;
		const what = `${action.originalKind ?? action.kind}${action.userId !== undefined ? ` for user ${action.userId}` : ""}`;
		const said = cause ? ` It failed with: ${cause.message}` : " No answer came.";
		return new RankError(kind ?? cause?.kind ?? ErrorKind.Timeout, `${what}: ${why}${said}`, {
			status: cause?.status,
			code: cause?.code,
			provider: cause?.provider,
		});
	}

	/** After a failed send (`unsent`: it failed before its request went out). */
	private recover(lane: Lane, entry: Entry, failure: RankError, unsent = false) {
		if (this.closed) return;
		this.lastError = failure;
		const action = entry.action;
		const handler = this.handlerOf(entry);
		const quota = this.options.quota;
		if (failure.kind === ErrorKind.QuotaExhausted && handler?.usesQuota && quota) {
			// Nothing was applied: the service refused before acting. Park, then go again.
			return this.park(lane, entry, quota, quota.trip());
		}
		if (outcomeUnknown(failure) && !unsent) {
			action.uncertain = true;
			entry.uncertainBy = failure;
			action.settleAfter = this.options.scheduler.unixTime() + this.options.settleDelay;
		}
		if (!isRetryable(failure)) return this.fail(lane, entry, failure, true);
		const policy = this.options.retry;
		const scheduler = this.options.scheduler;
		const tries = action.attempts + (entry.settles ?? 0);
		const wait = backoffDelay(policy, math.max(tries, 1), failure, this.options.random);
		const elapsed = scheduler.now() - (entry.firstSendAt ?? entry.firstTryAt ?? scheduler.now());
		const outOfAttempts = failure.kind !== ErrorKind.RateLimited && tries >= policy.maxAttempts;
		if (outOfAttempts || elapsed + wait > policy.maxElapsed) {
			if (action.uncertain && !entry.lastSettle) {
				// A send may have landed: before giving up, settle it once, as any unknown outcome is
				// (after the settle delay), so the failure says whether it landed, or it succeeds.
				entry.lastSettle = failure;
				return this.start(lane, entry);
			}
			return this.fail(lane, entry, failure, false);
		}
		scheduler.delay(wait, () => this.start(lane, entry));
	}

	private report(entry: Entry, extra: Partial<ActionReport>): ActionReport {
		const action = entry.action;
		return {
			id: action.id,
			kind: action.originalKind ?? action.kind,
			userId: action.userId,
			sessionId: action.sessionId,
			actor: action.actor,
			reason: action.reason,
			attempts: action.attempts,
			...extra,
		};
	}

	private remember(id: string, ok: boolean, value: unknown) {
		this.finished.set(id, { ok, value });
		this.finishedOrder.push(id);
		if (this.finishedOrder.size() > LOCAL_REPLAY_MEMORY) this.finished.delete(this.finishedOrder.shift()!);
	}

	/** Takes a finished entry out of the counts, before anyone hears it finished; returns the caller's Promise, if any. */
	private settled(entry: Entry): Promise<unknown> | undefined {
		const promise = this.byId.get(entry.action.id);
		this.byId.delete(entry.action.id);
		this.working.delete(entry);
		this.unfinished -= 1;
		return promise !== true ? promise : undefined;
	}

	private succeeded(lane: Lane, entry: Entry, result: unknown) {
		const ranks = rankFields(result);
		lane.lastRank = ranks.newRank;
		if (this.handlerOf(entry)?.usesQuota) this.options.quota?.spend();
		const promise = this.settled(entry);
		this.remember(entry.action.id, true, result);
		this.completed.Fire(this.report(entry, { ...ranks, result }));
		if (promise) settlePromise(promise, true, result);
		this.retire(lane, entry, { id: entry.action.id, ok: true, old: ranks.oldRank, new: ranks.newRank });
	}

	/** Finishes an entry that a shared record says already finished (here or on another server). */
	private replayed(lane: Lane, entry: Entry, record: FinishedRecord) {
		const action = entry.action;
		if (!record.ok && record.resume && !entry.adopted) {
			// It stopped only because retries ran out: a caller's replay picks it up where it stopped.
			if (record.resume.kind !== action.kind) action.originalKind ??= action.kind;
			action.kind = record.resume.kind as Action["kind"];
			action.rank = record.resume.rank ?? action.rank;
			action.fromRank = record.resume.fromRank ?? action.fromRank;
			if (record.resume.uncertain) {
				action.uncertain = true;
				action.attempts = math.max(action.attempts, 1);
			}
			entry.recordChecked = true;
			entry.resuming = true;
			return this.start(lane, entry);
		}
		if (!record.ok) {
			const failure = new RankError(
				(record.e as ErrorKind | undefined) ?? ErrorKind.Unknown,
				`${action.originalKind ?? action.kind} already failed on another server: ${record.m ?? "no details"}`,
			);
			const promise = this.settled(entry);
			this.remember(action.id, false, failure);
			this.failed.Fire(this.report(entry, { error: failure, alreadyDone: true }));
			if (promise) settlePromise(promise, false, failure);
			return this.retire(lane, entry, undefined);
		}
		const result = { userId: action.userId, oldRank: record.old, newRank: record.new, alreadyDone: true };
		const promise = this.settled(entry);
		this.remember(action.id, true, result);
		this.completed.Fire(this.report(entry, { oldRank: record.old, newRank: record.new, result, alreadyDone: true }));
		if (promise) settlePromise(promise, true, result);
		this.retire(lane, entry, undefined);
	}

	private fail(lane: Lane, entry: Entry, failure: RankError, final: boolean) {
		this.lastError = failure;
		const action = entry.action;
		lane.lastRank = undefined;
		const promise = this.settled(entry);
		this.remember(action.id, false, failure);
		this.failed.Fire(this.report(entry, { error: failure }));
		if (promise) settlePromise(promise, false, failure);
		// A refusal is final. A failure retrying could fix (the service was down longer than the
		// retry caps) records where it stopped, so a replay resumes it, settling first if a send
		// may have landed, rather than sending blindly again.
		const resume = final ? undefined : { kind: action.kind, rank: action.rank, fromRank: action.fromRank, uncertain: action.uncertain };
		this.retire(lane, entry, { id: action.id, ok: false, e: failure.kind, m: failure.message.sub(1, RECORD_MESSAGE), resume });
	}

	/**
	 * The entry is finished: its journal notes it, then its lane (with `record`, for copies of the
	 * id), then the lane goes on. For a caller-named id the long-lived done record is written too.
	 */
	private retire(lane: Lane, entry: Entry, record: FinishedRecord | undefined) {
		const action = entry.action;
		const shared = this.options.shared;
		const goOn = () => {
			lane.current = undefined;
			// A lane with more work keeps its place (its claim and the rank it knows are fresh).
			const following = linePeek(lane);
			if (following === undefined || following.durable === undefined) this.giveUpPlace(lane);
			this.pump(lane);
		};
		if (!shared) return goOn();
		const refOf = () => (typeIs(action.durable, "number") ? action.durable : undefined);
		if (refOf() === undefined) {
			this.finishWhenDurable.add(action);
			if (!entry.claimed) return goOn();
		}
		const clearLane = () => {
			if (!entry.claimed) {
				shared.journal.laneCleared(action.id);
				return goOn();
			}
			const keep = lineSize(lane) > 0;
			const successor = keep ? this.nextTake(lane) : undefined;
			const take = successor && { id: successor.action.id, from: successor.from };
			shared.lanes.finish(lane.name, action.id, record, keep, take).listen((ok, value) => {
				if (!ok) {
					this.lastError = toRankError(value);
					this.options.scheduler.delay(1 + this.options.random() * 2, clearLane);
					return;
				}
				const outcome = value as FinishOutcome;
				lane.holds = outcome.holds;
				if (!lane.holds) lane.lastRank = undefined;
				const following = successor?.action;
				if (outcome.taken && following && linePeek(lane) === following && !this.begun.get(following)?.claimed) {
					// Claimed with the finish: as after `take`, with the rank it was recorded from.
					const claimed = this.begun.get(following) ?? { action: following };
					this.begun.set(following, claimed);
					claimed.claimed = true;
					if (successor!.prepare) {
						claimed.prepared = true;
						following.fromRank = successor!.from;
					}
				}
				shared.journal.laneCleared(action.id);
				goOn();
			});
		};
		const journal = () => {
			const ref = refOf();
			// The member's next action here waits for it: written at the journal's fast pace.
			if (ref !== undefined) shared.journal.finish(ref, lane.name, action.id, clearLane, linePeek(lane) !== undefined);
			else clearLane();
		};
		// The long-lived record of a named id goes first, while the lane is still held.
		if (record && action.named) this.writeRecord(shared, recordGroup(action), record, 0, journal);
		else journal();
	}

	/**
	 * The lane's next entry, if the update finishing the current one may also take the lane for it
	 * (saving the `take`, a MemoryStore update, for each action that follows another of this
	 * server's on a member): journaled, not begun, neither adopted nor resumed nor unsure, and with
	 * the rank it starts from known (the lane's last, as `start` would take it) when it reads one.
	 */
	private nextTake(lane: Lane): { action: Action; from?: number; prepare: boolean } | undefined {
		const action = linePeek(lane);
		if (action === undefined || action.durable === undefined) return undefined;
		const entry = this.begun.get(action);
		if (entry?.claimed || entry?.adopted || entry?.resuming) return undefined;
		if (action.attempts > 0 || action.uncertain) return undefined;
		const handler = this.options.handlers[action.kind];
		if (!handler || (handler.usesQuota && this.options.quota?.isParked())) return undefined;
		if (!handler.prepare) return { action, from: action.fromRank, prepare: false };
		const from = entry?.prepared ? action.fromRank : lane.lastRank;
		return from !== undefined ? { action, from, prepare: true } : undefined;
	}

	/**
	 * Writes a long-lived done record, retrying with backoff until the DataStore takes it; then
	 * `after`. The member's lane waits for the first RECORD_TRIES_HELD tries (about four minutes);
	 * then it goes on (its own memory of the id lasts a while) and the record keeps being tried
	 * every RECORD_RETRY_MAX seconds until it is written or this server closes: a record given up
	 * on would let a copy of the id submitted later be applied again.
	 */
	private writeRecord(shared: SharedWork, group: string, record: FinishedRecord, tries: number, after?: () => void) {
		shared.records.write(group, record).listen((ok, failure) => {
			if (ok) return after?.();
			this.lastError = toRankError(failure);
			if (this.closed) {
				warn(`RankBridge: could not record action ${record.id} as done before closing: ${tostring(failure)}`);
				return after?.();
			}
			if (tries === RECORD_TRIES_HELD) {
				warn(`RankBridge: still trying to record action ${record.id} as done: ${tostring(failure)}`);
				after?.();
				after = undefined;
			}
			const wait = math.min(2 ** tries, RECORD_RETRY_MAX);
			this.options.scheduler.delay(wait, () => this.writeRecord(shared, group, record, tries + 1, after));
		});
	}
}
