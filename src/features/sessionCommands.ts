// /session start [title], /session end [title], /session attend [player]: RankGun session
// changes attributed to the admin who typed them, or, if RankGun does not take the admin as an
// actor (not a workspace member), to the configured `actor` (see sessionActors.ts).
import { Players } from "@rbxts/services";
import { toRankError } from "../core/errors";
import type { Session, SessionStatus } from "../api/surface";
import { CommandCall, CommandDefinition, done, failed, refuse, Reply, Work } from "./commandTypes";
import { Attributed } from "./sessionActors";
import { isPlayer, playerLabel, resolvePlayer } from "./names";
import { attendanceActionId, sessionsNamed } from "./sessionPick";

const USAGE = "/session start [title] | /session end [title] | /session attend [player]";

function titles(sessions: ReadonlyArray<Session>): string {
	return sessions.map((session) => `"${session.title}"`).join(", ");
}

/** The sessions with this status that /session works on, narrowed by the title typed, if any. */
function candidates(call: CommandCall, status: SessionStatus, typed: string): Promise<Array<Session>> {
	return call.bridge.sessions.list({ status }).then((page) => {
		const wanted = page.sessions.filter(call.wantedSession);
		return typed === "" ? wanted : sessionsNamed(wanted, typed);
	});
}

function unreadable(raised: unknown): Reply {
	return failed(`Could not read sessions: ${toRankError(raised)}`);
}

/** " (recorded as user N, ...)" when the configured actor stood in for the admin. */
function standInNote<T>(attributed: Attributed<T>): string {
	return attributed.stoodIn ? ` (recorded as user ${attributed.actor}: you are not a member of the RankGun workspace)` : "";
}

/** The scheduled session to start: the one named, else the one whose start time is nearest. */
function start(call: CommandCall, typed: string): Work {
	return () =>
		candidates(call, "scheduled", typed).then((sessions) => {
			if (sessions.size() === 0) {
				return refuse("NoSession", typed === "" ? "There is no scheduled session to start." : `No scheduled session matches "${typed}".`);
			}
			if (typed !== "" && sessions.size() > 1)
				return refuse("AmbiguousSession", `"${typed}" matches ${titles(sessions)}. Type more of the title.`);
			const now = call.context.scheduler.unixTime();
			let chosen = sessions[0];
			for (const session of sessions) {
				if (math.abs(session.scheduledStartAt - now) < math.abs(chosen.scheduledStartAt - now)) chosen = session;
			}
			return call.actors
				.attribute(call.admin.UserId, (actor) => call.bridge.sessions.start(chosen.id, { actor }))
				.then(
					(attributed) => done(`Started "${chosen.title}"${standInNote(attributed)}.`),
					(raised) => failed(`Could not start "${chosen.title}": ${toRankError(raised)}`),
				);
		}, unreadable);
}

/** The session in progress to end: the only one, or the one named. */
function finish(call: CommandCall, typed: string): Work {
	return () =>
		candidates(call, "in_progress", typed).then((sessions) => {
			if (sessions.size() === 0) {
				return refuse("NoSession", typed === "" ? "No session is in progress." : `No session in progress matches "${typed}".`);
			}
			if (sessions.size() > 1) {
				return refuse("AmbiguousSession", `${sessions.size()} sessions are in progress: ${titles(sessions)}. Type /session end <title>.`);
			}
			const session = sessions[0];
			const summary = `Ended in game by ${call.admin.Name}`;
			return call.actors
				.attribute(call.admin.UserId, (actor) => call.bridge.sessions.complete(session.id, { actor, summary }))
				.then(
					(attributed) => done(`Ended "${session.title}"${standInNote(attributed)}.`),
					(raised) => failed(`Could not end "${session.title}": ${toRankError(raised)}`),
				);
		}, unreadable);
}

/** Marks one player, or everyone in the server, attended in every session in progress. */
function attend(call: CommandCall, who: ReadonlyArray<Player>): Work {
	return () =>
		candidates(call, "in_progress", "").then((sessions) => {
			if (sessions.size() === 0) return refuse("NoSession", "No session is in progress.");
			let marked = 0;
			let already = 0;
			let recordedAs: number | undefined;
			const problems = new Array<string>();
			const markIn = (sessionId: string, attended: ReadonlySet<number>, player: Player): Promise<void> => {
				const label = playerLabel(player);
				if (attended.has(player.UserId)) {
					already += 1;
					return Promise.resolve();
				}
				return call.bridge
					.getRank(player.UserId)
					.then((rank) => {
						if (rank === 0) {
							problems.push(`${label} is not in the group`);
							return;
						}
						// A mark refused for its actor is made again as the configured actor, under its own
						// id: the first id is remembered as failed.
						const id = attendanceActionId(sessionId, player.UserId);
						return call.actors
							.attribute(call.admin.UserId, (actor, stoodIn) =>
								call.bridge.sessions.markAttended(sessionId, player.UserId, { id: stoodIn ? `${id}/as/${actor}` : id, actor }),
							)
							.then((attributed) => {
								marked += 1;
								if (attributed.stoodIn) recordedAs = attributed.actor;
							});
					})
					.catch((raised) => {
						problems.push(`${label}: ${toRankError(raised).message}`);
					});
			};
			// One read per session: who is already marked needs no write at all. The first mark goes
			// alone, so that if RankGun refuses the admin as actor, only it is sent twice.
			const work = sessions.map((session) =>
				call.bridge.sessions.get(session.id).then((detail) => {
					const attended = new Set<number>();
					for (const participant of detail.participants)
						if (participant.attendanceStatus === "attended") attended.add(participant.robloxId);
					const first = who[0];
					if (first === undefined) return;
					const rest = who.filter((_, index) => index > 0);
					return markIn(session.id, attended, first).then(() => Promise.all(rest.map((player) => markIn(session.id, attended, player))));
				}),
			);
			return Promise.all(work).then(() => {
				let message = `Marked ${marked} attended in ${titles(sessions)}`;
				if (recordedAs !== undefined) message += ` (recorded as user ${recordedAs}: you are not a member of the RankGun workspace)`;
				if (already > 0) message += `; ${already} already were`;
				if (problems.size() > 0) message += `; not marked: ${problems.join("; ")}`;
				return marked + already > 0 || problems.size() === 0 ? done(`${message}.`) : failed(`${message}.`);
			});
		}, unreadable);
}

export const SESSION_COMMAND: CommandDefinition = {
	name: "session",
	usage: USAGE,
	parse: (call): Reply | Work => {
		const sub = (call.args[0] ?? "").lower();
		const rest = call.args.filter((_, index) => index > 0);
		if (sub === "start") return start(call, rest.join(" "));
		if (sub === "end") return finish(call, rest.join(" "));
		if (sub === "attend") {
			if (rest.size() > 1) return refuse("BadUsage", `Usage: ${USAGE}`);
			if (rest.size() === 0) return attend(call, Players.GetPlayers());
			const target = resolvePlayer(rest[0]);
			return isPlayer(target) ? attend(call, [target]) : target;
		}
		return refuse("BadUsage", `Usage: ${USAGE}`);
	},
};
