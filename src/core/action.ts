// The unit of work the queue runs. An Action is plain data (it is written to the DataStore
// journal, and an adopter reads it back), and each kind has a handler that knows how to send it
// once and how to settle it when a send's outcome is unknown.
import { RankError } from "./errors";
import { Future } from "./future";

export type ActionKind =
	"promote" | "demote" | "setRank" | "createSession" | "setSessionStatus" | "addParticipant" | "updateParticipant" | "markAttended";

export interface Action {
	/** Unique; a replay of the same id is recognised and not run twice. */
	id: string;
	kind: ActionKind;
	/** Actions with the same lane run one at a time, in the order they were asked. */
	lane: string;
	/** Unix seconds when it was asked for. */
	createdAt: number;
	/** Sends made so far. */
	attempts: number;
	userId?: number;
	rank?: number;
	reason?: string;
	actor?: number;
	sessionId?: string;
	status?: string;
	note?: string;
	role?: string;
	attendanceStatus?: string;
	session?: { sessionTypeId: string; title: string; scheduledStartAt: number; scheduledEndAt: number; notes?: string };
	/** The member's rank before a relative action was first sent, when it could be read. */
	fromRank?: number;
	/** A send may have taken effect without an answer reaching us. */
	uncertain?: boolean;
	/**
	 * Unix seconds before which an uncertain action must not be settled: a request that timed out
	 * on our side may still be on its way to the service, and reading too early would miss it.
	 */
	settleAfter?: number;
	/** The intent this action became (a promote turned into a setRank), for reports. */
	originalKind?: ActionKind;
	/**
	 * Rank actions only: checked again just before every send, from fresh rank reads, that user
	 * `actor` still outranks the member and the rank they would end up with; if not, the action
	 * fails with Forbidden, unsent. Chat commands set it to the admin who typed the command.
	 */
	guard?: { actor: number };
	/** The caller named its id: a copy submitted later, anywhere in the game, is recognised. */
	named?: boolean;
	/**
	 * This server's own note, never written anywhere: where the action sits in this server's
	 * journal once it is there (`true` when the queue keeps no journal). It is set only after the
	 * journal's write, so the written action never holds it, and an adopted copy leaves it out.
	 * Kept here, and not on a table beside the action, so a waiting action costs nothing more.
	 */
	durable?: number | true;
}

/**
 * How an unknown outcome settles: done (the state is exactly what the action was to produce; with
 * its result), send this instead (safe to send: the state is as it was before, or the action is
 * safe to repeat), `conflict` (the state is neither: someone else changed it meanwhile, so the
 * action neither counts as done nor is sent again), or `unknown`: there is no telling, and sending
 * again could apply it twice. The last two fail the action, saying why. A `retry` sets `unapplied`
 * when a read showed the state as it was before the action: it did not take effect.
 */
export type Outcome = { done: unknown } | { retry: Action; unapplied?: true } | { conflict: string } | { unknown: string };

export interface ActionHandler {
	/** Spends the service's usage quota (RankGun's monthly rank actions, Hyra's daily calls). */
	readonly usesQuota: boolean;
	/**
	 * Before the first send (and again just before a relative change's request goes): reads the
	 * member's current rank, which the queue notes as the rank the action starts from if the read
	 * answers in time. It must not change the action itself: a read that answers late is ignored.
	 * Failures here are not fatal.
	 */
	readonly prepare?: (action: Action) => Future<number | undefined>;
	/**
	 * One send. Resolves with the result; rejects with a RankError. A relative change calls
	 * `ready` once its request may go (past the rate gates) and sends only when it resolves: the
	 * queue then notes the rank it starts from afresh (`prepare` again), so a change made outside
	 * RankBridge while the request waited is not mistaken, should the answer be lost, for this one.
	 */
	readonly run: (action: Action, ready: () => Future<void>) => Future<unknown>;
	/** After a send whose outcome is unknown: find out whether it took effect. */
	readonly settle: (action: Action) => Future<Outcome>;
}

export type ActionHandlers = { readonly [K in ActionKind]?: ActionHandler };

/** What the completed/failed signals carry. */
export interface ActionReport {
	id: string;
	kind: ActionKind;
	userId?: number;
	sessionId?: string;
	actor?: number;
	reason?: string;
	/** For rank actions. */
	oldRank?: number;
	newRank?: number;
	/** Sends made, across servers. */
	attempts: number;
	/** The result the action resolved with. */
	result?: unknown;
	/** Set on failure. */
	error?: RankError;
	/** Finished by a replay check: another server (or an earlier call) already did it. */
	alreadyDone?: boolean;
}
