// Ranking through services that can only set an absolute rank (Hyra, Open Cloud). promote and
// demote are worked out here from the group's ladder and a fresh read of the member's rank, and
// what is sent is always "set rank N", which is safe to repeat. A send whose outcome is unknown
// is settled by reading the rank again, so a timed-out change is never applied twice.
import { Action, ActionHandler, ActionHandlers, Outcome } from "../core/action";
import { ErrorKind, RankError } from "../core/errors";
import { Future } from "../core/future";
import { Scheduler } from "../core/scheduler";
import { neighbourRank } from "../core/ranks";
import { RankChange } from "./rankgun/types";

/** What a service that sets absolute ranks provides. */
export interface AbsoluteRanker {
	readonly provider: string;
	readonly groupId: number;
	/** A fresh read of the member's rank, 0 if not in the group. */
	readonly readRank: (userId: number) => Future<number>;
	/** Every rank number the group has. */
	readonly ranks: () => Future<Array<number>>;
	/** The highest rank the service can give at all (Hyra 253; Open Cloud 254, as Owner is never assignable). */
	readonly maxRank: number;
	/** The account that ranks, when the game configured it (botUserId). */
	readonly botUserId?: number;
	/**
	 * Sets the member's rank. Must be safe to repeat. `from` is the rank the member had before
	 * this action (the rank a change that landed part-way started from).
	 */
	readonly send: (userId: number, rank: number, from: number, reason?: string) => Future<void>;
	/**
	 * `send` takes more than one request and only sends what is left to do, so a change that
	 * landed part-way (the rank is right, the clean-up is not done) is finished by sending again.
	 */
	readonly resumable: boolean;
}

/** How long the ranking account's own rank is trusted before it is read again. */
const BOT_RANK_SECONDS = 60;

function required<T>(value: T | undefined, what: string): T {
	if (value === undefined) throw new RankError(ErrorKind.InvalidRequest, `queued action is missing ${what}`);
	return value;
}

export function absoluteRankHandlers(ranker: AbsoluteRanker, scheduler: Scheduler): ActionHandlers {
	const provider = ranker.provider;
	const refuse = (kind: ErrorKind, message: string) => new RankError(kind, message, { provider });
	let bot: { rank: number; at: number } | undefined;

	/** The ranking account's rank, when its id is configured and it can be read; else the service checks. */
	const botRank = (): Future<number | undefined> => {
		const id = ranker.botUserId;
		if (id === undefined) return Future.resolved(undefined);
		if (bot && scheduler.now() - bot.at < BOT_RANK_SECONDS) return Future.resolved(bot.rank);
		return ranker.readRank(id).andThen(
			(rank) => {
				bot = { rank, at: scheduler.now() };
				return rank as number | undefined;
			},
			() => undefined,
		);
	};

	/** Refuses what the service would refuse, before any request or quota is spent. */
	const checkMember = (userId: number, from: number, ceiling: number | undefined) => {
		if (userId === ranker.botUserId) {
			throw refuse(ErrorKind.Forbidden, `${provider} cannot change the rank of the account that ranks (user ${userId}).`);
		}
		if (from === 0) throw refuse(ErrorKind.NotInGroup, `user ${userId} is not in group ${ranker.groupId}.`);
		if (ceiling === 0) {
			throw refuse(ErrorKind.Forbidden, `the ranking account (user ${ranker.botUserId}) is not in group ${ranker.groupId}.`);
		}
		if (ceiling !== undefined && from >= ceiling) {
			throw refuse(
				ErrorKind.Forbidden,
				`user ${userId} has rank ${from}, not below the ranking account's rank ${ceiling}; ${provider} can only rank members below it.`,
			);
		}
	};

	const checkTarget = (target: number, ranks: ReadonlyArray<number>, ceiling: number | undefined) => {
		if (target < 1 || target > ranker.maxRank) {
			throw refuse(ErrorKind.RankOutOfRange, `${provider} can only give ranks 1-${ranker.maxRank} (never Guest or Owner); got ${target}.`);
		}
		if (!ranks.includes(target)) throw refuse(ErrorKind.RankOutOfRange, `group ${ranker.groupId} has no rank ${target}.`);
		if (ceiling !== undefined && target >= ceiling) {
			throw refuse(
				ErrorKind.RankOutOfRange,
				`rank ${target} is not below the ranking account's rank ${ceiling}; ${provider} can only give ranks below it.`,
			);
		}
	};

	/** The rank to give for `direction` from `from`, among the ranks this service may give. */
	const neighbour = (userId: number, ranks: ReadonlyArray<number>, from: number, direction: 1 | -1, ceiling: number | undefined) => {
		const top = ceiling !== undefined ? math.min(ranker.maxRank, ceiling - 1) : ranker.maxRank;
		const target = neighbourRank(
			ranks.filter((rank) => rank <= top),
			from,
			direction,
		);
		if (target === undefined) {
			throw refuse(
				ErrorKind.RankOutOfRange,
				direction === 1
					? `user ${userId} is already at the highest rank ${provider} can give (${from}).`
					: `user ${userId} is already at the lowest rank (${from}).`,
			);
		}
		return target;
	};

	const noteRank = (action: Action): Future<number | undefined> => ranker.readRank(required(action.userId, "userId"));

	/**
	 * One send. The first uses the rank read in prepare. A later one reads again: after a refusal
	 * that changed nothing (a rate limit, a spent quota) the member may have moved since, and
	 * after a settle the change may have landed part-way, to be finished from where it started.
	 */
	const run =
		(direction: 1 | -1 | undefined) =>
		(action: Action): Future<RankChange> => {
			const userId = required(action.userId, "userId");
			const first = action.attempts <= 1 && action.fromRank !== undefined;
			const read = first ? Future.resolved(action.fromRank!) : ranker.readRank(userId);
			return read.andThen((current) => {
				const planned = action.rank;
				const started = action.fromRank;
				// Still where it started, or already at the target: the same change, resumed.
				const resumed = !first && planned !== undefined && started !== undefined && (current === started || current === planned);
				const from = resumed ? started! : current;
				action.fromRank = from;
				return botRank().andThen((ceiling) => {
					checkMember(userId, from, ceiling);
					return ranker.ranks().andThen((ranks) => {
						const target =
							resumed || direction === undefined ? required(planned, "rank") : neighbour(userId, ranks, from, direction, ceiling);
						checkTarget(target, ranks, ceiling);
						action.rank = target;
						const change = identity<RankChange>({ userId, oldRank: from, newRank: target });
						if (from === target || (current === target && !ranker.resumable)) return change;
						return ranker.send(userId, target, from, action.reason).andThen(() => change);
					});
				});
			});
		};

	/** After a send with no answer: read the rank and decide whether it landed. */
	const settle =
		(direction: 1 | -1 | undefined) =>
		(action: Action): Future<Outcome> => {
			const userId = required(action.userId, "userId");
			const from = action.fromRank;
			// An action adopted from a server that died may not carry its planned rank: work it out again.
			const planned =
				action.rank !== undefined || direction === undefined || from === undefined
					? Future.resolved(action.rank)
					: ranker.ranks().andThen((ranks) =>
							neighbourRank(
								ranks.filter((rank) => rank <= ranker.maxRank),
								from,
								direction,
							),
						);
			return planned.andThen((target) =>
				ranker.readRank(userId).andThen((current): Outcome => {
					if (target !== undefined && current === target) {
						// It landed; a resumable change may still have clean-up left, which sending again finishes.
						if (ranker.resumable) return { retry: { ...action, rank: target } };
						return { done: identity<RankChange>({ userId, oldRank: from ?? current, newRank: current }) };
					}
					// The member moved to some other rank: someone else ranked them meanwhile. It is
					// neither counted as done nor applied again on top of their change.
					if (from !== undefined && current !== from) {
						return {
							conflict: `the member's rank went from ${from} to ${current}, not to ${target ?? "the planned rank"}: someone else changed it meanwhile.`,
						};
					}
					// Still where it started (or, with no start known, not at its target): it did not land.
					return target === undefined && from === undefined ? { retry: action } : { retry: action, unapplied: true };
				}),
			);
		};

	const handler = (direction: 1 | -1 | undefined): ActionHandler => ({
		usesQuota: true,
		prepare: noteRank,
		run: run(direction),
		settle: settle(direction),
	});

	return { promote: handler(1), demote: handler(-1), setRank: handler(undefined) };
}
