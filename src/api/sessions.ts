import { ErrorKind, RankError, unsupported } from "../core/errors";
import { attempt } from "../core/attempt";
import { Future, promised } from "../core/future";
import * as check from "../core/validate";
import { RankGunClient, SessionQuery } from "../providers/rankgun/client";
import { Participant, Session, SessionDetail, SessionPage, SessionType } from "../providers/rankgun/types";
import { ActionKind } from "../core/action";
import { newId } from "../roblox/server";
import { Writer } from "./writer";

export interface ActorOptions {
	/** Who the change is attributed to: a workspace member's user id. Defaults to config.actor. */
	actor?: number;
	/** A unique id for this change: the same id is never run twice, on any server. */
	id?: string;
}

export interface NewSessionOptions extends ActorOptions {
	sessionTypeId: string;
	title: string;
	/** Unix seconds. */
	scheduledStartAt: number;
	/** Unix seconds. */
	scheduledEndAt: number;
	notes?: string;
}

export interface ParticipantOptions extends ActorOptions {
	/** A session role name configured in the RankGun dashboard; default: the default role. */
	role?: string;
	attendanceStatus?: string;
}

function actorOf(options: ActorOptions | undefined, fallback: number | undefined, what: string): number {
	const actor = options?.actor ?? fallback;
	if (actor === undefined) {
		throw new RankError(
			ErrorKind.InvalidRequest,
			`${what} needs an actor: RankGun attributes session changes to a workspace member. Pass { actor = <userId> } or set actor in the config.`,
		);
	}
	return check.userId(actor, "actor");
}

/** Sessions and attendance (RankGun). Writes are attributed to an actor and go through the queue. */
export class Sessions {
	constructor(
		private readonly client: RankGunClient | undefined,
		private readonly writer: Writer,
		private readonly defaultActor: number | undefined,
		private readonly provider: string,
	) {}

	/** The RankGun client, or a rejection when the provider has no sessions. */
	private read<T>(body: (client: RankGunClient) => Future<T>): Promise<T> {
		return promised(() => (this.client ? body(this.client) : unsupported<T>(this.provider, "sessions")));
	}

	/** One page of sessions, newest scheduled start first. Pass `nextCursor` back as `cursor`. */
	list(query?: SessionQuery): Promise<SessionPage> {
		return this.read((client) => client.listSessions(query));
	}

	/** Every page of `list`, joined. */
	listAll(query?: Omit<SessionQuery, "cursor">): Promise<Array<Session>> {
		return this.read((client) => client.listAllSessions(query));
	}

	/** Scheduled sessions that have not started yet, soonest first. */
	upcoming(limit?: number): Promise<Array<Session>> {
		return this.read((client) => client.upcomingSessions(limit));
	}

	/** The workspace's active session types. */
	types(): Promise<Array<SessionType>> {
		return this.read((client) => client.sessionTypes());
	}

	/** One session with its participants. */
	get(sessionId: string): Promise<SessionDetail> {
		return this.read((client) => client.getSession(sessionId));
	}

	/** Schedules a new session. */
	create(options: NewSessionOptions): Promise<SessionDetail> {
		if (!this.client) return unsupported<never>(this.provider, "sessions").toPromise();
		return attempt(() => {
			check.record(options, "options");
			const actor = actorOf(options, this.defaultActor, "sessions.create");
			const start = check.unixSeconds(options.scheduledStartAt, "scheduledStartAt");
			const finish = check.unixSeconds(options.scheduledEndAt, "scheduledEndAt");
			if (finish < start)
				throw new RankError(ErrorKind.InvalidRequest, `scheduledEndAt (${finish}) must not be before scheduledStartAt (${start})`);
			const session = {
				sessionTypeId: check.nonEmptyString(options.sessionTypeId, "sessionTypeId"),
				title: check.nonEmptyString(options.title, "title"),
				scheduledStartAt: start,
				scheduledEndAt: finish,
				notes: check.optionalString(options.notes, "notes"),
			};
			// A named create shares its lane with copies of itself, so only one of them makes the session.
			return this.writer.submit<SessionDetail>("createSession", `create:${options.id ?? newId()}`, { id: options.id, actor, session });
		});
	}

	private status(sessionId: string, status: string, options: ActorOptions | undefined, what: string, note?: string): Promise<SessionDetail> {
		if (!this.client) return unsupported<never>(this.provider, "sessions").toPromise();
		return attempt(() => {
			const actor = actorOf(options, this.defaultActor, what);
			check.nonEmptyString(sessionId, "sessionId");
			check.optionalString(note, status === "cancelled" ? "reason" : "summary");
			return this.writer.submit<SessionDetail>("setSessionStatus", `session:${sessionId}`, { id: options?.id, actor, sessionId, status, note });
		});
	}

	/** scheduled → in_progress. */
	start(sessionId: string, options?: ActorOptions): Promise<SessionDetail> {
		return this.status(sessionId, "in_progress", options, "sessions.start");
	}

	/** in_progress → completed, with an optional summary. */
	complete(sessionId: string, options?: ActorOptions & { summary?: string }): Promise<SessionDetail> {
		return this.status(sessionId, "completed", options, "sessions.complete", options?.summary);
	}

	/** scheduled or in_progress → cancelled, with an optional reason. */
	cancel(sessionId: string, options?: ActorOptions & { reason?: string }): Promise<SessionDetail> {
		return this.status(sessionId, "cancelled", options, "sessions.cancel", options?.reason);
	}

	private participant(
		kind: ActionKind,
		sessionId: string,
		userId: number,
		options: ParticipantOptions | undefined,
		what: string,
	): Promise<Participant> {
		if (!this.client) return unsupported<never>(this.provider, "sessions").toPromise();
		return attempt(() => {
			const actor = actorOf(options, this.defaultActor, what);
			check.nonEmptyString(sessionId, "sessionId");
			check.userId(userId);
			// One lane per participant: marks for different members of one session need no order.
			return this.writer.submit<Participant>(kind, `session:${sessionId}/user:${userId}`, {
				id: options?.id,
				actor,
				sessionId,
				userId,
				role: check.optionalString(options?.role, "role"),
				attendanceStatus: check.optionalString(options?.attendanceStatus, "attendanceStatus"),
			});
		});
	}

	/** Adds a workspace member to the session. */
	addParticipant(sessionId: string, userId: number, options?: ParticipantOptions): Promise<Participant> {
		return this.participant("addParticipant", sessionId, userId, options, "sessions.addParticipant");
	}

	/** Changes a participant's role and/or attendance status. */
	updateParticipant(sessionId: string, userId: number, options: ParticipantOptions): Promise<Participant> {
		return attempt(() => {
			check.record(options, "options");
			if (options.role === undefined && options.attendanceStatus === undefined) {
				throw new RankError(ErrorKind.InvalidRequest, "sessions.updateParticipant needs role or attendanceStatus (or both)");
			}
			return this.participant("updateParticipant", sessionId, userId, options, "sessions.updateParticipant");
		});
	}

	/** Marks the user attended, adding them to the session first if they are not on it. */
	markAttended(sessionId: string, userId: number, options?: ActorOptions & { role?: string }): Promise<Participant> {
		return this.participant("markAttended", sessionId, userId, options, "sessions.markAttended");
	}
}
