// The run-time half of "an admin can only rank people below them". A chat command checks the
// admin's rank when it is typed, but the change may run later (behind other actions, after a
// quota reset, on another server that adopted it), and by then the admin may have been
// demoted or the member promoted. An action that carries `guard: { actor }` is checked again
// just before each send, from fresh rank reads: the actor must still outrank both the member
// and the rank the member would end up with, or the action fails with Forbidden, unsent.
import { Action, ActionHandler, ActionHandlers, ActionKind } from "../core/action";
import { ErrorKind, RankError } from "../core/errors";
import { Future } from "../core/future";
import { neighbourRank } from "../core/ranks";

const RANK_KINDS: ReadonlyArray<ActionKind> = ["promote", "demote", "setRank"];

export interface GuardReads {
	readonly provider: string;
	/** A fresh read of a member's rank (0 if not in the group). */
	readonly rankOf: (userId: number) => Future<number>;
	/** The group's rank numbers, for where a promote would land. */
	readonly ranks: () => Future<ReadonlyArray<number>>;
}

/** Where the action would take the member from `current`; undefined when it cannot tell. */
function landing(action: Action, current: number, ranks: ReadonlyArray<number>): number | undefined {
	if (action.kind === "setRank") return action.rank;
	if (action.kind === "promote") return neighbourRank(ranks, current, 1);
	return neighbourRank(ranks, current, -1);
}

function check(action: Action, reads: GuardReads, actor: number): Future<void> {
	const userId = action.userId;
	if (userId === undefined) return Future.resolved(undefined);
	const ranks = action.kind === "setRank" ? Future.resolved<ReadonlyArray<number>>([]) : reads.ranks();
	const refuse = (why: string) =>
		new RankError(ErrorKind.Forbidden, `${action.originalKind ?? action.kind} for user ${userId} was not sent: ${why}.`, {
			provider: reads.provider,
		});
	// Fail closed: without fresh ranks there is no knowing the actor still may.
	const unread = (raised: unknown): never => {
		throw refuse(`the ranks could not be read to check user ${actor} still outranks them (${tostring(raised)})`);
	};
	return Future.all<unknown>([reads.rankOf(actor), reads.rankOf(userId), ranks]).andThen((values) => {
		const [mine, theirs, ladder] = values as [number, number, ReadonlyArray<number>];
		if (theirs >= mine) throw refuse(`user ${actor} (rank ${mine}) no longer outranks them (rank ${theirs})`);
		const target = landing(action, theirs, ladder);
		if (target !== undefined && target >= mine)
			throw refuse(`user ${actor} (rank ${mine}) cannot give rank ${target}, which is not below their own`);
	}, unread);
}

/** The handlers, with rank actions that carry a guard checked against fresh ranks before every send. */
export function guardedHandlers(handlers: ActionHandlers, reads: GuardReads): ActionHandlers {
	const guarded: { [K in ActionKind]?: ActionHandler } = { ...handlers };
	for (const kind of RANK_KINDS) {
		const handler = handlers[kind];
		if (!handler) continue;
		guarded[kind] = {
			...handler,
			run: (action, ready) => {
				const actor = action.guard?.actor;
				return actor === undefined ? handler.run(action, ready) : check(action, reads, actor).andThen(() => handler.run(action, ready));
			},
		};
	}
	return guarded;
}
