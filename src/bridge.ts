import { checkConfig, RankBridgeConfig } from "./config";
import { ErrorKind, RankError } from "./core/errors";
import { RateGate } from "./core/rateGate";
import { RobloxScheduler, Scheduler } from "./core/scheduler";
import * as check from "./core/validate";
import { RANKGUN_LIMIT, RANKGUN_URL, RankGunClient, SessionQuery } from "./providers/rankgun/client";
import {
	ActivityUser,
	ApplicationForm,
	Leaderboard,
	Participant,
	RankChange,
	RankingCentreRank,
	Session,
	SessionDetail,
	SessionPage,
	SessionType,
	WorkspaceInfo,
} from "./providers/rankgun/types";
import { HttpTransport, RobloxHttpTransport } from "./roblox/http";
import { resolveKey } from "./roblox/secrets";

const DEFAULT_TIMEOUT = 15;

let sharedTransport: RobloxHttpTransport | undefined;

/** One HttpService per game server, so its request budget is shared by every RankBridge. */
function serverTransport(): HttpTransport {
	return (sharedTransport ??= new RobloxHttpTransport());
}

export interface RankOptions {
	/** Why; RankGun records it with the action. */
	reason?: string;
	/** Who asked for it (a user id), for the audit trail. */
	actor?: number;
}

export interface ActorOptions {
	/** Who the change is attributed to: a workspace member's user id. Defaults to config.actor. */
	actor?: number;
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

/** Promise.try that flattens: runs `body` now and turns a throw into a rejection. */
function attempt<T>(body: () => Promise<T>): Promise<T> {
	return Promise.resolve().then(body);
}

/** Sessions and attendance (RankGun). Writes are attributed to an actor. */
export class Sessions {
	constructor(
		private readonly client: RankGunClient,
		private readonly defaultActor: number | undefined,
	) {}

	/** One page of sessions, newest scheduled start first. Pass `nextCursor` back as `cursor`. */
	list(query?: SessionQuery): Promise<SessionPage> {
		return this.client.listSessions(query);
	}

	/** Every page of `list`, joined. */
	listAll(query?: Omit<SessionQuery, "cursor">): Promise<Array<Session>> {
		return this.client.listAllSessions(query);
	}

	/** Scheduled sessions that have not started yet, soonest first. */
	upcoming(limit?: number): Promise<Array<Session>> {
		return this.client.upcomingSessions(limit);
	}

	/** The workspace's active session types. */
	types(): Promise<Array<SessionType>> {
		return this.client.sessionTypes();
	}

	/** One session with its participants. */
	get(sessionId: string): Promise<SessionDetail> {
		return this.client.getSession(sessionId);
	}

	/** Schedules a new session. */
	create(options: NewSessionOptions): Promise<SessionDetail> {
		return attempt(() => {
			check.record(options, "options");
			return this.client.createSession(actorOf(options, this.defaultActor, "sessions.create"), options);
		});
	}

	/** scheduled → in_progress. */
	start(sessionId: string, options?: ActorOptions): Promise<SessionDetail> {
		return attempt(() => this.client.setSessionStatus(actorOf(options, this.defaultActor, "sessions.start"), sessionId, "in_progress"));
	}

	/** in_progress → completed, with an optional summary. */
	complete(sessionId: string, options?: ActorOptions & { summary?: string }): Promise<SessionDetail> {
		return attempt(() =>
			this.client.setSessionStatus(actorOf(options, this.defaultActor, "sessions.complete"), sessionId, "completed", options?.summary),
		);
	}

	/** scheduled or in_progress → cancelled, with an optional reason. */
	cancel(sessionId: string, options?: ActorOptions & { reason?: string }): Promise<SessionDetail> {
		return attempt(() =>
			this.client.setSessionStatus(actorOf(options, this.defaultActor, "sessions.cancel"), sessionId, "cancelled", options?.reason),
		);
	}

	/** Adds a workspace member to the session. */
	addParticipant(sessionId: string, userId: number, options?: ParticipantOptions): Promise<Participant> {
		return attempt(() =>
			this.client.addParticipant(actorOf(options, this.defaultActor, "sessions.addParticipant"), sessionId, userId, options ?? {}),
		);
	}

	/** Changes a participant's role and/or attendance status. */
	updateParticipant(sessionId: string, userId: number, options: ParticipantOptions): Promise<Participant> {
		return attempt(() =>
			this.client.updateParticipant(actorOf(options, this.defaultActor, "sessions.updateParticipant"), sessionId, userId, options),
		);
	}

	/** Marks the user attended, adding them to the session first if they are not on it. */
	markAttended(sessionId: string, userId: number, options?: ActorOptions & { role?: string }): Promise<Participant> {
		return attempt(() => {
			const actor = actorOf(options, this.defaultActor, "sessions.markAttended");
			return this.client
				.addParticipant(actor, sessionId, userId, { role: options?.role, attendanceStatus: "attended" })
				.catch((raised) => {
					if (!RankError.is(raised, ErrorKind.Conflict)) throw raised;
					return this.client.updateParticipant(actor, sessionId, userId, { attendanceStatus: "attended" });
				});
		});
	}
}

/** Activity tracking (RankGun Elite feature). */
export class Activity {
	constructor(private readonly client: RankGunClient) {}

	/** One user's tracked time. */
	user(userId: number): Promise<ActivityUser> {
		return this.client.activityUser(userId);
	}

	/** The top users by tracked time. */
	leaderboard(options?: { period?: string; limit?: number }): Promise<Leaderboard> {
		return this.client.leaderboard(options);
	}
}

/** Gamepass-linked rank rewards (RankGun Elite). */
export class RankingCentre {
	constructor(private readonly client: RankGunClient) {}

	list(): Promise<Array<RankingCentreRank>> {
		return this.client.rankingCentreRanks();
	}

	/** `id` is the reward's RankGun id (from `list`), not the rank number. */
	get(id: string): Promise<RankingCentreRank> {
		return this.client.rankingCentreRank(id);
	}
}

/** Application Centre forms. */
export class Applications {
	constructor(private readonly client: RankGunClient) {}

	list(): Promise<Array<ApplicationForm>> {
		return this.client.applicationForms();
	}

	/** One form with its questions (and answer keys: keep them on the server). */
	get(formId: string): Promise<ApplicationForm> {
		return this.client.applicationForm(formId);
	}
}

/**
 * RankBridge: ranks group members and records session attendance from a game server.
 *
 * Luau: `local bridge = RankBridge.new({ secret = "RankGunKey" })`
 * TypeScript: `const bridge = new RankBridge({ secret: "RankGunKey" })`
 */
export class RankBridge {
	/** Every kind a RankError can have, e.g. `RankBridge.ErrorKind.QuotaExhausted`. */
	static readonly ErrorKind = ErrorKind;
	/** The error type promises reject with; `RankBridge.RankError.is(err, kind)` tests one. */
	static readonly RankError = RankError;

	readonly sessions: Sessions;
	readonly activity: Activity;
	readonly rankingCentre: RankingCentre;
	readonly applications: Applications;
	private readonly client: RankGunClient;

	constructor(config: RankBridgeConfig) {
		const settings = checkConfig(config);
		const scheduler: Scheduler = settings.scheduler ?? new RobloxScheduler();
		const random = settings.random ?? ((rng: Random) => () => rng.NextNumber())(new Random());
		this.client = new RankGunClient({
			key: resolveKey(settings, "RankGun"),
			baseUrl: settings.baseUrl ?? RANKGUN_URL,
			timeout: settings.timeout ?? DEFAULT_TIMEOUT,
			transport: settings.transport ?? serverTransport(),
			scheduler,
			random,
			gates: [new RateGate(scheduler, [RANKGUN_LIMIT])],
		});
		this.sessions = new Sessions(this.client, settings.actor);
		this.activity = new Activity(this.client);
		this.rankingCentre = new RankingCentre(this.client);
		this.applications = new Applications(this.client);
	}

	/** The workspace, its rank-action usage this month and its plan's limits. */
	workspace(): Promise<WorkspaceInfo> {
		return this.client.workspace();
	}

	/** Moves the member one rank up the group's ladder. */
	promote(userId: number, options?: RankOptions): Promise<RankChange> {
		return this.client.promote(userId, options?.reason);
	}

	/** Moves the member one rank down the group's ladder. */
	demote(userId: number, options?: RankOptions): Promise<RankChange> {
		return this.client.demote(userId, options?.reason);
	}

	/** Sets the member's rank number (1–255, a rank that exists in the group). */
	setRank(userId: number, rank: number, options?: RankOptions): Promise<RankChange> {
		return this.client.setRank(userId, rank, options?.reason);
	}
}
