// Optional part of automatic attendance: the game starts a scheduled session when its host (the
// member who created it) is in the server around its start time, and ends it when the host
// leaves and does not come back within a grace period. Each start and end has a durable id,
// so however many servers see the host, RankGun gets the change once.
//
// This server only sees its own players: a host who moves to another server counts as gone
// from this one. Use endWhenHostLeaves where a session happens in one server.
import { Players } from "@rbxts/services";
import type { RankBridgeApi, Session } from "../api/surface";
import { ErrorKind, toRankError } from "../core/errors";
import { FeatureContext } from "./context";
import { wasAlreadyDone } from "./sessionPick";

/** How early, before its scheduled start, a host's presence starts a session. */
export const HOST_EARLY_SECONDS = 15 * 60;

export interface HostControlOptions {
	starts: boolean;
	ends: boolean;
	graceSeconds: number;
	wanted: (session: Session) => boolean;
	/** Called when a start this server asked for was done elsewhere or refused: the session's state must be read again. */
	changedElsewhere: () => void;
}

export class HostControl {
	/** Scheduled sessions of the tracked types, by id, as of the last look. */
	private scheduled = new Map<string, Session>();
	/** Hosts who left, and the timers that will end their sessions. */
	private readonly leaving = new Map<number, () => void>();
	private stopped = false;

	constructor(
		private readonly bridge: RankBridgeApi,
		private readonly context: FeatureContext,
		private readonly options: HostControlOptions,
	) {}

	/** Looks at the scheduled sessions and starts any whose host is here. */
	refresh(): Promise<void> {
		if (!this.options.starts || this.stopped) return Promise.resolve();
		return this.bridge.sessions.list({ status: "scheduled" }).then((page) => {
			const scheduled = new Map<string, Session>();
			for (const session of page.sessions) if (this.options.wanted(session)) scheduled.set(session.id, session);
			this.scheduled = scheduled;
			for (const player of Players.GetPlayers()) this.startFor(player.UserId);
		});
	}

	joined(userId: number) {
		if (this.stopped) return;
		const cancel = this.leaving.get(userId);
		if (cancel) {
			cancel();
			this.leaving.delete(userId);
		}
		this.startFor(userId);
	}

	/** `active`: the sessions in progress now; those this user hosts end after the grace period. */
	left(userId: number, active: () => ReadonlyArray<Session>) {
		if (!this.options.ends || this.stopped || this.leaving.has(userId)) return;
		if (!active().some((session) => session.createdByRobloxId === userId)) return;
		const cancel = this.context.scheduler.delay(this.options.graceSeconds, () => {
			this.leaving.delete(userId);
			if (this.stopped || Players.GetPlayerByUserId(userId) !== undefined) return;
			for (const session of active()) {
				if (session.createdByRobloxId !== userId) continue;
				this.bridge.sessions
					.complete(session.id, { actor: userId, id: `complete/${session.id}`, summary: "Ended in game: the host left." })
					.catch((raised) => warn(`RankBridge attendance: could not end "${session.title}" after its host left: ${toRankError(raised)}`));
			}
		});
		this.leaving.set(userId, cancel);
	}

	stop() {
		this.stopped = true;
		for (const [, cancel] of this.leaving) cancel();
		this.leaving.clear();
	}

	private startFor(userId: number) {
		if (!this.options.starts) return;
		const now = this.context.scheduler.unixTime();
		for (const [id, session] of this.scheduled) {
			if (session.createdByRobloxId !== userId) continue;
			if (now < session.scheduledStartAt - HOST_EARLY_SECONDS || now > session.scheduledEndAt) continue;
			this.scheduled.delete(id);
			// A start this server makes reaches the tracker through actionCompleted; one done
			// elsewhere (a replay, or RankGun refusing a session that already moved on) does not.
			this.bridge.sessions.start(id, { actor: userId, id: `start/${id}` }).then(
				(result) => {
					if (wasAlreadyDone(result)) this.options.changedElsewhere();
				},
				(raised) => {
					const failure = toRankError(raised);
					if (failure.kind !== ErrorKind.InvalidRequest)
						warn(`RankBridge attendance: could not start "${session.title}" for its host: ${failure}`);
					this.options.changedElsewhere();
				},
			);
		}
	}
}
