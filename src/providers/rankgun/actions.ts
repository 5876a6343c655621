// How the queue runs each kind of RankGun write, and how it settles one whose outcome is unknown.
import { Action, ActionHandler, ActionHandlers, Outcome } from "../../core/action";
import { ErrorKind, RankError } from "../../core/errors";
import { Future } from "../../core/future";
import { neighbourRank } from "../../core/ranks";
import { GroupDirectory } from "../../roblox/groups";
import { RankGunClient } from "./client";
import { RankChange, SessionDetail, SessionStatus } from "./types";

function required<T>(value: T | undefined, what: string): T {
	if (value === undefined) throw new RankError(ErrorKind.InvalidRequest, `queued action is missing ${what}`);
	return value;
}

export function rankGunHandlers(client: RankGunClient, directory: GroupDirectory | undefined, groupId: () => Future<number>): ActionHandlers {
	const readRank = (userId: number): Future<number> => {
		if (!directory) return Future.rejected<number>(new RankError(ErrorKind.Unsupported, "no group directory to read ranks from"));
		return groupId().andThen((group) => directory.rankOf(group, userId));
	};

	/** Notes the rank before a relative change, so an unknown outcome can be settled. */
	const noteRank = (action: Action): Future<number | undefined> => readRank(required(action.userId, "userId"));

	/**
	 * A successful answer as a RankChange. RankGun's pages show oldRank and newRank only in an
	 * example, so without them the change still counts as made: the old rank is the one noted
	 * before sending, the new one the rank asked for, or for a relative change a fresh read.
	 */
	const complete = (action: Action, answer: RankChange): Future<RankChange> => {
		if (answer.oldRank !== undefined && answer.newRank !== undefined) return Future.resolved(answer);
		const oldRank = answer.oldRank ?? action.fromRank;
		const known = answer.newRank ?? (action.kind === "setRank" ? action.rank : undefined);
		if (known !== undefined || !directory) return Future.resolved({ ...answer, oldRank, newRank: known });
		// The change has landed, so the read must show it: one showing the next rank from where it
		// started is taken at once, any other is made again if it could come from before the change.
		const expected =
			action.fromRank === undefined
				? Future.resolved<number | undefined>(undefined)
				: groupId()
						.andThen((group) => directory.ranks(group))
						.andThen(
							(ranks) => neighbourRank(ranks, action.fromRank!, action.kind === "demote" ? -1 : 1),
							() => undefined,
						);
		return expected
			.andThen((rank) => {
				directory.changed?.(answer.userId, rank);
				return readRank(answer.userId);
			})
			.andThen(
				(newRank) => ({ ...answer, oldRank, newRank }),
				() => ({ ...answer, oldRank }),
			);
	};

	/**
	 * A 400 RankGun gave no code for, and no words RankBridge knows, is a refused argument; a
	 * rank read tells the commonest case, a member who is not in the group, apart.
	 */
	const refine =
		(action: Action) =>
		(raised: unknown): Future<never> => {
			if (!RankError.is(raised, ErrorKind.InvalidRequest) || raised.status !== 400 || raised.code !== undefined || !directory) throw raised;
			return readRank(required(action.userId, "userId")).andThen(
				(rank): never => {
					if (rank === 0)
						throw new RankError(ErrorKind.NotInGroup, `${raised.message} (user ${action.userId} is not in the group)`, raised);
					throw raised;
				},
				(): never => {
					throw raised;
				},
			);
		};

	const relative = (direction: 1 | -1): ActionHandler => ({
		usesQuota: true,
		prepare: noteRank,
		run: (action, ready) => {
			const userId = required(action.userId, "userId");
			const sent = direction === 1 ? client.promote(userId, action.reason, ready) : client.demote(userId, action.reason, ready);
			return sent.andThen((answer) => complete(action, answer), refine(action));
		},
		settle: (action): Future<Outcome> => {
			const userId = required(action.userId, "userId");
			const from = action.fromRank;
			if (from === undefined) {
				return Future.resolved<Outcome>({
					unknown: "the rank before it could not be read, so it was not sent again (it may have taken effect).",
				});
			}
			let target: number | undefined;
			return groupId()
				.andThen((group) => directory!.ranks(group))
				.andThen((ranks) => {
					target = neighbourRank(ranks, from, direction);
					// A read showing the rank it would have given is taken at once, if no cache could hold
					// that rank (see roblox/freshRanks.ts).
					directory!.changed?.(userId, target, false);
					return readRank(userId);
				})
				.andThen((current): Outcome => {
					// Exactly where the change would have put them: it landed.
					if (target !== undefined && current === target)
						return { done: identity<RankChange>({ userId, oldRank: from, newRank: current }) };
					if (current !== from) {
						return {
							conflict: `the member's rank went from ${from} to ${current}, not to ${target ?? "the next rank"}: someone else changed it meanwhile, so it is neither counted as done nor sent again.`,
						};
					}
					// It did not land: send the absolute form ("set to the next rank"), which is safe to
					// repeat even if this read was stale and it had landed after all. (The price: an
					// officer's change that lands between this read and that send is overwritten.)
					if (target === undefined) {
						throw new RankError(
							ErrorKind.RankOutOfRange,
							`user ${userId} is already at the ${direction === 1 ? "top" : "bottom"} of the ladder`,
						);
					}
					return {
						retry: { ...action, kind: "setRank", rank: target, originalKind: action.originalKind ?? action.kind },
						unapplied: true,
					};
				});
		},
	});

	const setRank: ActionHandler = {
		usesQuota: true,
		prepare: (action) => (directory ? noteRank(action) : Future.resolved(undefined)),
		// A promote or demote resent as "set to the next rank" reads the rank again once its request
		// may go, and goes only if the member has not moved meanwhile (the queue checks).
		run: (action, ready) =>
			client
				.setRank(
					required(action.userId, "userId"),
					required(action.rank, "rank"),
					action.reason,
					action.originalKind !== undefined ? ready : undefined,
				)
				.andThen((answer) => complete(action, answer), refine(action)),
		settle: (action): Future<Outcome> => {
			const userId = required(action.userId, "userId");
			const target = required(action.rank, "rank");
			if (!directory) return Future.resolved({ retry: action });
			const from = action.fromRank;
			return readRank(userId).andThen((current): Outcome => {
				if (current === target) return { done: identity<RankChange>({ userId, oldRank: from ?? current, newRank: current }) };
				// Moved, but not to the target: someone else set it after this landed (or before it
				// arrived). Sending it again would undo their change, so it is reported instead.
				if (from !== undefined && current !== from) {
					return {
						conflict: `the member's rank went from ${from} to ${current}, not to ${target}: someone else changed it meanwhile, so it is neither counted as done nor sent again.`,
					};
				}
				return { retry: action, unapplied: true };
			});
		},
	};

	const sessionDetail = (action: Action) => client.getSession(required(action.sessionId, "sessionId"));

	return {
		promote: relative(1),
		demote: relative(-1),
		setRank,
		createSession: {
			usesQuota: false,
			run: (action) => client.createSession(required(action.actor, "actor"), required(action.session, "session")),
			// Find the session the lost request may have made before making another.
			settle: (action): Future<Outcome> => {
				const wanted = required(action.session, "session");
				return client
					.listAllSessions({ from: wanted.scheduledStartAt, to: wanted.scheduledStartAt })
					.andThen((sessions): Future<Outcome> | Outcome => {
						const made = sessions.find(
							(session) =>
								session.title === wanted.title &&
								session.sessionTypeId === wanted.sessionTypeId &&
								session.createdByRobloxId === action.actor &&
								session.createdAt >= action.createdAt - 60,
						);
						return made
							? client.getSession(made.id).andThen((detail): Outcome => ({ done: detail }))
							: { retry: action, unapplied: true };
					});
			},
		},
		setSessionStatus: {
			usesQuota: false,
			run: (action) =>
				client.setSessionStatus(
					required(action.actor, "actor"),
					required(action.sessionId, "sessionId"),
					required(action.status, "status") as Exclude<SessionStatus, "scheduled">,
					action.note,
				),
			settle: (action) =>
				sessionDetail(action).andThen((detail): Outcome =>
					detail.session.status === action.status ? { done: detail } : { retry: action, unapplied: true },
				),
		},
		addParticipant: {
			usesQuota: false,
			run: (action) =>
				client.addParticipant(required(action.actor, "actor"), required(action.sessionId, "sessionId"), required(action.userId, "userId"), {
					role: action.role,
					attendanceStatus: action.attendanceStatus,
				}),
			settle: (action) =>
				sessionDetail(action).andThen((detail: SessionDetail): Outcome => {
					const present = detail.participants.find((participant) => participant.robloxId === action.userId);
					return present ? { done: present } : { retry: action, unapplied: true };
				}),
		},
		updateParticipant: {
			usesQuota: false,
			run: (action) =>
				client.updateParticipant(
					required(action.actor, "actor"),
					required(action.sessionId, "sessionId"),
					required(action.userId, "userId"),
					{
						role: action.role,
						attendanceStatus: action.attendanceStatus,
					},
				),
			settle: (action) => Future.resolved({ retry: action }),
		},
		markAttended: {
			usesQuota: false,
			// Add as attended; if they are already on the session, mark them. Either way, safe to repeat.
			run: (action) => {
				const actor = required(action.actor, "actor");
				const sessionId = required(action.sessionId, "sessionId");
				const userId = required(action.userId, "userId");
				return client.addParticipant(actor, sessionId, userId, { role: action.role, attendanceStatus: "attended" }).catch((raised) => {
					if (!RankError.is(raised, ErrorKind.Conflict)) throw raised;
					return client.updateParticipant(actor, sessionId, userId, { attendanceStatus: "attended" });
				});
			},
			settle: (action) => Future.resolved({ retry: action }),
		},
	};
}
