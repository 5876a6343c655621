// The action queue: every rank action and session write goes through it.
//
// - Actions with the same lane (one member, one session) run one at a time, in order; lanes run
//   side by side, paced by the rate gates the handlers' requests pass through.
// - A failure that may succeed on retry is retried with capped exponential backoff and full
//   jitter; anything else fails at once with its RankError.
// - A send whose outcome is unknown (timeout, lost connection, 5xx, garbled answer) is never
//   blindly repeated: the handler settles it first (reads the member's rank, the session...)
//   and either finishes the action or sends the absolute version of it.
// - Once the usage quota is spent, quota-spending actions are parked until it resets.
// - On shutdown, unfinished actions are handed over (core/handover.ts); the ledger keeps
//   replays from running twice.
import { Action, ActionHandler, ActionHandlers, ActionReport } from "./action";
import { ErrorKind, RankError, toRankError } from "./errors";
import { DoneRecord, Ledger } from "./ledger";
import { QuotaParking } from "./quotaParking";
import { backoffDelay, isRetryable, outcomeUnknown, RetryPolicy } from "./retry";
import { Scheduler, sleep } from "./scheduler";
import { Signal } from "./signal";

export interface QueueStatus {
	/** Actions waiting their turn (parked ones included). */
	queued: number;
	/** Requests on the wire right now. */
	inFlight: number;
	/** Actions held until the usage quota resets. */
	parked: number;
	/** Requests the service's rate budget allows right now. */
	budgetLeft: number;
	/** Quota-spending actions left, when the service has said. */
	quotaLeft?: number;
	/** Unix seconds when parked actions resume. */
	quotaResumesAt?: number;
	/** The most recent failure of any attempt. */
	lastError?: { kind: string; message: string };
}

export interface QueueOptions {
	scheduler: Scheduler;
	random: () => number;
	retry: RetryPolicy;
	handlers: ActionHandlers;
	quota?: QuotaParking;
	/** Cross-server replay protection; without it, protection is for this server only. */
	ledger?: Ledger;
	budgetLeft: () => number;
	/** Seconds to let an unanswered request land before reading what it did. */
	settleDelay: number;
	/** The service's name, for messages. */
	provider: string;
}

export interface SubmitOptions {
	/** Leave a done-marker every server can see when it finishes (handed-over work, caller-named ids). */
	durable?: boolean;
	/**
	 * A replay of an id whose earlier try failed only because retries ran out picks it up where
	 * it stopped. True for a caller's own replay; false for handed-over work, where later actions
	 * of the same lane may already have run after the failure.
	 */
	resumeFailures?: boolean;
}

interface Entry {
	action: Action;
	promise: Promise<unknown>;
	resolve: (value: unknown) => void;
	reject: (reason: unknown) => void;
	durable: boolean;
	resumeFailures: boolean;
	/** When its first send went out (monotonic seconds); retry caps count from here. */
	firstSendAt?: number;
	/** The send under way, cancelled at shutdown if it has not reached the wire yet. */
	sending?: Promise<unknown>;
	/** Settles that failed (the read could not be made); they count against maxAttempts with the sends. */
	settles: number;
	/** The failure that left the outcome unknown, if it happened here. */
	uncertainBy?: RankError;
}

/** A settle that cannot tell: the action fails with `failure`, without retrying. */
class Unsettled {
	constructor(readonly failure: RankError) {}
}

/** Results kept for replays on this server, newest last. */
const LOCAL_REPLAY_MEMORY = 1000;

function rankFields(result: unknown): { oldRank?: number; newRank?: number } {
	if (!typeIs(result, "table")) return {};
	const fields = result as { oldRank?: unknown; newRank?: unknown };
	return {
		oldRank: typeIs(fields.oldRank, "number") ? fields.oldRank : undefined,
		newRank: typeIs(fields.newRank, "number") ? fields.newRank : undefined,
	};
}

export class ActionQueue {
	/** Fires when an action finishes. */
	readonly completed = new Signal<ActionReport>();
	/** Fires when an action fails for good. */
	readonly failed = new Signal<ActionReport>();

	private readonly lanes = new Map<string, Array<Entry>>();
	private readonly running = new Set<string>();
	private readonly byId = new Map<string, Entry>();
	private readonly finished = new Map<string, { ok: boolean; value: unknown }>();
	private readonly finishedOrder = new Array<string>();
	private inFlight = 0;
	private lastError?: RankError;
	private closed = false;

	constructor(private readonly options: QueueOptions) {}

	/** Queues an action; resolves with its result once it is done, or rejects with a RankError. */
	submit(action: Action, submitOptions: SubmitOptions = {}): Promise<unknown> {
		if (this.closed) {
			return Promise.reject(new RankError(ErrorKind.ShuttingDown, `This server is shutting down; ${action.kind} was not queued. Try again on another server.`));
		}
		const existing = this.byId.get(action.id);
		if (existing) return existing.promise;
		const remembered = this.finished.get(action.id);
		if (remembered) return remembered.ok ? Promise.resolve(remembered.value) : Promise.reject(remembered.value);

		let resolve!: (value: unknown) => void;
		let reject!: (reason: unknown) => void;
		const promise = new Promise<unknown>((res, rej) => {
			resolve = res;
			reject = rej;
		});
		const entry: Entry = { action, promise, resolve, reject, durable: submitOptions.durable ?? false, resumeFailures: submitOptions.resumeFailures ?? true, settles: 0 };
		this.byId.set(action.id, entry);
		const lane = this.lanes.get(action.lane) ?? [];
		lane.push(entry);
		this.lanes.set(action.lane, lane);
		this.pump(action.lane);
		return promise;
	}

	status(): QueueStatus {
		let queued = 0;
		for (const [, lane] of this.lanes) queued += lane.size();
		const quota = this.options.quota;
		return {
			queued: math.max(0, queued - this.inFlight),
			inFlight: this.inFlight,
			parked: quota?.parkedCount() ?? 0,
			budgetLeft: this.options.budgetLeft(),
			quotaLeft: quota?.left,
			quotaResumesAt: quota?.resumesAt(),
			lastError: this.lastError ? { kind: this.lastError.kind, message: this.lastError.message } : undefined,
		};
	}

	/**
	 * Stops starting work and returns every unfinished action, lane by lane in order, for
	 * handover. Actions that were already sent are marked uncertain: whoever picks them up
	 * settles them before sending anything. If one of them still finishes here, it leaves a
	 * done-marker so the copy is not run again.
	 */
	close(): Array<{ lane: string; actions: Array<Action> }> {
		this.closed = true;
		const bundles = new Array<{ lane: string; actions: Array<Action> }>();
		const cancelling = new Array<Promise<unknown>>();
		for (const [lane, entries] of this.lanes) {
			const actions = entries.map((entry) => {
				entry.durable = true;
				if (entry.sending) cancelling.push(entry.sending);
				return { ...entry.action, uncertain: entry.action.uncertain || entry.action.attempts > 0 };
			});
			if (actions.size() > 0) bundles.push({ lane, actions });
		}
		// A send still waiting for a rate-budget slot must never go out from here: the copy handed
		// over will be settled and sent by another server. One already on the wire cannot be
		// stopped; it is marked uncertain above and will be settled, not repeated. (Cancelling runs
		// the lanes' cleanup at once, which is why the bundles are taken first.)
		for (const sending of cancelling) sending.cancel();
		return bundles;
	}

	isClosed(): boolean {
		return this.closed;
	}

	private pump(laneName: string) {
		if (this.closed || this.running.has(laneName)) return;
		const lane = this.lanes.get(laneName);
		if (!lane || lane.size() === 0) {
			this.lanes.delete(laneName);
			return;
		}
		this.running.add(laneName);
		const entry = lane[0];
		this.execute(entry).finally(() => {
			const index = lane.indexOf(entry);
			if (index !== -1) lane.remove(index);
			this.running.delete(laneName);
			this.pump(laneName);
		});
	}

	/** The handler for the action's current kind (a promote may have become a setRank). */
	private handlerOf(entry: Entry): ActionHandler | undefined {
		return this.options.handlers[entry.action.kind];
	}

	private execute(entry: Entry): Promise<void> {
		const handler = this.handlerOf(entry);
		if (!handler) {
			return this.fail(entry, new RankError(ErrorKind.Unsupported, `${this.options.provider} cannot ${entry.action.kind}.`));
		}
		return this.replayCheck(entry).then((done) => {
			if (done?.resume && entry.resumeFailures) this.resumeFrom(entry, done.resume);
			else if (done) return this.finishReplay(entry, done);
			return this.prepare(entry, handler).then(() => this.attempt(entry));
		});
	}

	/** For durable work: did some server already finish it? If we cannot tell, treat the outcome as unknown. */
	private replayCheck(entry: Entry): Promise<DoneRecord | undefined> {
		const ledger = this.options.ledger;
		if (!entry.durable || !ledger) return Promise.resolve(undefined);
		return ledger.done(entry.action.id).catch(() => {
			entry.action.uncertain = true;
			return undefined;
		});
	}

	/** Picks up a replayed action where an earlier attempt (maybe on another server) stopped. */
	private resumeFrom(entry: Entry, resume: NonNullable<DoneRecord["resume"]>) {
		const action = entry.action;
		if (resume.kind !== action.kind) action.originalKind ??= action.kind;
		action.kind = resume.kind as Action["kind"];
		action.rank = resume.rank ?? action.rank;
		action.fromRank = resume.fromRank ?? action.fromRank;
		if (resume.uncertain) {
			action.uncertain = true;
			action.attempts = math.max(action.attempts, 1);
		}
	}

	private prepare(entry: Entry, handler: ActionHandler): Promise<void> {
		if (entry.action.attempts > 0 || !handler.prepare) return Promise.resolve();
		return handler.prepare(entry.action).catch(() => undefined);
	}

	private settleWaitSeconds(action: Action): number {
		return action.uncertain && action.settleAfter !== undefined ? action.settleAfter - this.options.scheduler.unixTime() : 0;
	}

	/** Resolves after the action's settle delay, if it is uncertain and the delay has not passed. */
	private settleWait(action: Action): Promise<void> {
		const wait = this.settleWaitSeconds(action);
		return wait > 0 ? sleep(this.options.scheduler, wait) : Promise.resolve();
	}

	private attempt(entry: Entry): Promise<void> {
		// A closed queue starts nothing new: its work now belongs to whoever drains the handover.
		if (this.closed) return Promise.resolve();
		const usesQuota = this.handlerOf(entry)!.usesQuota;
		const quota = usesQuota ? this.options.quota : undefined;
		const go = () => {
			if (this.closed) return new Promise<unknown>(() => undefined);
			return entry.action.uncertain ? this.settle(entry) : this.send(entry);
		};
		// Waits only when there is something to wait for: every Promise costs a traceback.
		const mustWait = quota?.isParked() || this.settleWaitSeconds(entry.action) > 0;
		const ready = mustWait
			? (quota ? quota.whenAvailable() : Promise.resolve()).then(() => this.settleWait(entry.action)).then(go)
			: go();
		return ready.then(
			(result) => this.finish(entry, result),
			// An outcome that cannot be settled is final: a replay could repeat a change that landed.
			(raised: unknown) => (raised instanceof Unsettled ? this.fail(entry, raised.failure, true) : this.recover(entry, toRankError(raised))),
		);
	}

	private send(entry: Entry): Promise<unknown> {
		entry.firstSendAt ??= this.options.scheduler.now();
		entry.action.attempts += 1;
		this.inFlight += 1;
		const sending = this.handlerOf(entry)!
			.run(entry.action)
			.finally(() => {
				this.inFlight -= 1;
				entry.sending = undefined;
			});
		entry.sending = sending;
		return sending;
	}

	/** Asks the handler whether an uncertain send took effect; sends the absolute form if not. */
	private settle(entry: Entry): Promise<unknown> {
		return this.handlerOf(entry)!
			.settle(entry.action)
			.catch((raised) => {
				entry.settles += 1;
				throw raised;
			})
			.then((outcome) => {
				if ("done" in outcome) return outcome.done;
				if ("unknown" in outcome) throw new Unsettled(this.unsettled(entry, outcome.unknown));
				entry.action = { ...outcome.retry, uncertain: false, settleAfter: undefined };
				if (!this.handlerOf(entry)) throw new RankError(ErrorKind.Unsupported, `${this.options.provider} cannot ${entry.action.kind}.`);
				if (this.closed) return new Promise<unknown>(() => undefined);
				return this.send(entry);
			});
	}

	/** The failure for an action whose outcome stays unknown: the kind of what left it so, and why. */
	private unsettled(entry: Entry, why: string): RankError {
		const cause = entry.uncertainBy;
		const action = entry.action;
		const what = `${action.originalKind ?? action.kind}${action.userId !== undefined ? ` for user ${action.userId}` : ""}`;
		const said = cause ? ` It failed with: ${cause.message}` : " No answer came.";
		return new RankError(cause?.kind ?? ErrorKind.Timeout, `${what}: ${why}${said}`, {
			status: cause?.status,
			code: cause?.code,
			provider: cause?.provider,
		});
	}

	private recover(entry: Entry, failure: RankError): Promise<void> {
		this.lastError = failure;
		const action = entry.action;
		const handler = this.handlerOf(entry);
		if (failure.kind === ErrorKind.QuotaExhausted && handler?.usesQuota && this.options.quota) {
			// Nothing was applied: the service refused before acting. Park, then go again.
			return this.options.quota.trip().then(() => this.attempt(entry));
		}
		if (outcomeUnknown(failure)) {
			action.uncertain = true;
			entry.uncertainBy = failure;
			action.settleAfter = this.options.scheduler.unixTime() + this.options.settleDelay;
		}
		if (!isRetryable(failure)) return this.fail(entry, failure);
		const policy = this.options.retry;
		const scheduler = this.options.scheduler;
		const tries = action.attempts + entry.settles;
		const wait = backoffDelay(policy, math.max(tries, 1), failure, this.options.random);
		const elapsed = scheduler.now() - (entry.firstSendAt ?? scheduler.now());
		const outOfAttempts = failure.kind !== ErrorKind.RateLimited && tries >= policy.maxAttempts;
		if (outOfAttempts || elapsed + wait > policy.maxElapsed) return this.fail(entry, failure);
		return sleep(scheduler, wait).then(() => this.attempt(entry));
	}

	/** Takes a finished entry out of its lane, so status() no longer counts it. */
	private detach(entry: Entry) {
		const lane = this.lanes.get(entry.action.lane);
		const index = lane ? lane.indexOf(entry) : -1;
		if (lane && index !== -1) lane.remove(index);
	}

	private remember(id: string, ok: boolean, value: unknown) {
		this.byId.delete(id);
		this.finished.set(id, { ok, value });
		this.finishedOrder.push(id);
		if (this.finishedOrder.size() > LOCAL_REPLAY_MEMORY) this.finished.delete(this.finishedOrder.shift()!);
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

	private finish(entry: Entry, result: unknown): void {
		const ranks = rankFields(result);
		if (this.handlerOf(entry)?.usesQuota) this.options.quota?.spend();
		if (entry.durable) this.options.ledger?.markDone(entry.action.id, { ok: true, ...ranks }).catch(() => undefined);
		this.detach(entry);
		this.remember(entry.action.id, true, result);
		this.completed.Fire(this.report(entry, { ...ranks, result }));
		entry.resolve(result);
	}

	private finishReplay(entry: Entry, done: DoneRecord): void {
		if (!done.ok) {
			const failure = new RankError(
				(done.kind as ErrorKind | undefined) ?? ErrorKind.Unknown,
				`${entry.action.originalKind ?? entry.action.kind} already failed on another server: ${done.message ?? "no details"}`,
			);
			this.detach(entry);
			this.remember(entry.action.id, false, failure);
			this.failed.Fire(this.report(entry, { error: failure, alreadyDone: true }));
			entry.reject(failure);
			return;
		}
		const result = { userId: entry.action.userId, oldRank: done.oldRank, newRank: done.newRank, alreadyDone: true };
		this.detach(entry);
		this.remember(entry.action.id, true, result);
		this.completed.Fire(this.report(entry, { oldRank: done.oldRank, newRank: done.newRank, result, alreadyDone: true }));
		entry.resolve(result);
	}

	private fail(entry: Entry, failure: RankError, final = !isRetryable(failure)): Promise<void> {
		this.lastError = failure;
		if (entry.durable) {
			// A refusal is final. A failure retrying could fix (the service was down longer than the
			// retry caps) records where it stopped, so a replay resumes it, settling first if a send
			// may have landed, rather than sending blindly again.
			const action = entry.action;
			const resume = final ? undefined : { kind: action.kind, rank: action.rank, fromRank: action.fromRank, uncertain: action.uncertain };
			this.options.ledger?.markDone(action.id, { ok: false, kind: failure.kind, message: failure.message, resume }).catch(() => undefined);
		}
		this.detach(entry);
		this.remember(entry.action.id, false, failure);
		this.failed.Fire(this.report(entry, { error: failure }));
		entry.reject(failure);
		return Promise.resolve();
	}
}
