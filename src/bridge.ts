import { Action, ActionKind, ActionReport } from "./core/action";
import { checkConfig, RankBridgeConfig } from "./config";
import { ErrorKind, RankError } from "./core/errors";
import { Handover } from "./core/handover";
import { Ledger } from "./core/ledger";
import { ActionQueue, QueueStatus } from "./core/queue";
import { QuotaParking } from "./core/quotaParking";
import { Gate, RateGate } from "./core/rateGate";
import { DEFAULT_RETRY } from "./core/retry";
import { RobloxScheduler, Scheduler } from "./core/scheduler";
import { SharedBudget } from "./core/sharedBudget";
import { Signal } from "./core/signal";
import { SharedStores } from "./core/stores";
import * as check from "./core/validate";
import { rankGunHandlers } from "./providers/rankgun/actions";
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
import { GroupDirectory, RobloxGroupDirectory } from "./roblox/groups";
import { HttpTransport, RobloxHttpTransport } from "./roblox/http";
import { memoryStores } from "./roblox/memoryStore";
import { resolveKey } from "./roblox/secrets";
import { newId, onShutdown, serverId as defaultServerId } from "./roblox/server";

const DEFAULT_TIMEOUT = 15;
const DEFAULT_SETTLE_DELAY = 5;
/** BindToClose allows 30 seconds for everything; leave room for other handlers. */
const HANDOVER_DEADLINE = 20;

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
	/**
	 * A unique id for this action. Submitting the same id again (on this or any server) does
	 * not run it twice. Default: a fresh id.
	 */
	id?: string;
}

export interface ActorOptions {
	/** Who the change is attributed to: a workspace member's user id. Defaults to config.actor. */
	actor?: number;
	/** As in RankOptions: the same id is never run twice. */
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

/** What `bridge:status()` reports. */
export interface BridgeStatus extends QueueStatus {
	/** Actions this server handed to other servers at shutdown. */
	handedOver: number;
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

/** Runs `body` now; a throw becomes a rejection. */
function attempt<T>(body: () => Promise<T>): Promise<T> {
	return Promise.resolve().then(body);
}

/** Builds actions and hands them to the queue. */
class Writer {
	constructor(
		private readonly queue: ActionQueue,
		private readonly scheduler: Scheduler,
	) {}

	submit<T>(kind: ActionKind, lane: string, fields: Partial<Action> & { id?: string }): Promise<T> {
		const action: Action = {
			...fields,
			id: fields.id !== undefined ? check.nonEmptyString(fields.id, "id") : newId(),
			kind,
			lane,
			createdAt: this.scheduler.unixTime(),
			attempts: 0,
		};
		return this.queue.submit(action, { durable: fields.id !== undefined }) as Promise<T>;
	}
}

/** Sessions and attendance (RankGun). Writes are attributed to an actor and go through the queue. */
export class Sessions {
	constructor(
		private readonly client: RankGunClient,
		private readonly writer: Writer,
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
			const actor = actorOf(options, this.defaultActor, "sessions.create");
			const start = check.unixSeconds(options.scheduledStartAt, "scheduledStartAt");
			const finish = check.unixSeconds(options.scheduledEndAt, "scheduledEndAt");
			if (finish < start) throw new RankError(ErrorKind.InvalidRequest, `scheduledEndAt (${finish}) must not be before scheduledStartAt (${start})`);
			const session = {
				sessionTypeId: check.nonEmptyString(options.sessionTypeId, "sessionTypeId"),
				title: check.nonEmptyString(options.title, "title"),
				scheduledStartAt: start,
				scheduledEndAt: finish,
				notes: check.optionalString(options.notes, "notes"),
			};
			return this.writer.submit<SessionDetail>("createSession", `create:${newId()}`, { id: options.id, actor, session });
		});
	}

	private status(sessionId: string, status: string, options: ActorOptions | undefined, what: string, note?: string): Promise<SessionDetail> {
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

	private participant(kind: ActionKind, sessionId: string, userId: number, options: ParticipantOptions | undefined, what: string): Promise<Participant> {
		return attempt(() => {
			const actor = actorOf(options, this.defaultActor, what);
			check.nonEmptyString(sessionId, "sessionId");
			check.userId(userId);
			return this.writer.submit<Participant>(kind, `session:${sessionId}`, {
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

function defaultStores(namespace: string): SharedStores | undefined {
	const [ok, stores] = pcall(() => memoryStores(namespace));
	if (ok) return stores;
	warn(`RankBridge: MemoryStoreService is not available (${stores}); the rate budget and shutdown handover are this server's only.`);
	return undefined;
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
	/** Fires for every action that finishes: id, kind, userId, oldRank/newRank, attempts, actor, reason. */
	readonly actionCompleted: Signal<ActionReport>;
	/** Fires for every action that fails for good, with its RankError in `error`. */
	readonly actionFailed: Signal<ActionReport>;

	private readonly client: RankGunClient;
	private readonly queue: ActionQueue;
	private readonly writer: Writer;
	private readonly handover?: Handover;
	private readonly gate: Gate;
	private groupId?: Promise<number>;

	constructor(config: RankBridgeConfig) {
		const settings = checkConfig(config);
		const scheduler: Scheduler = settings.scheduler ?? new RobloxScheduler();
		const random = settings.random ?? ((rng: Random) => () => rng.NextNumber())(new Random());
		const timeout = settings.timeout ?? DEFAULT_TIMEOUT;
		const settleDelay = settings.settleDelay ?? DEFAULT_SETTLE_DELAY;
		const server = settings.serverId ?? defaultServerId();
		const namespace = `rankgun/${settings.namespace ?? "default"}`;
		const stores = settings.stores === false ? undefined : (settings.stores ?? defaultStores(namespace));
		const directory: GroupDirectory | undefined = settings.groups === false ? undefined : (settings.groups ?? new RobloxGroupDirectory());

		this.gate = stores
			? new SharedBudget(scheduler, stores.map, `${namespace}/budget`, server, {
					limit: RANKGUN_LIMIT.limit,
					windowSeconds: RANKGUN_LIMIT.windowSeconds,
					leaseSize: 4,
					leaseSeconds: 1,
					marginSeconds: RANKGUN_LIMIT.marginSeconds,
				})
			: new RateGate(scheduler, [RANKGUN_LIMIT]);

		const client = new RankGunClient({
			key: resolveKey(settings, "RankGun"),
			baseUrl: settings.baseUrl ?? RANKGUN_URL,
			timeout,
			transport: settings.transport ?? serverTransport(),
			scheduler,
			random,
			gates: [this.gate],
		});
		this.client = client;

		const ledger = stores ? new Ledger(stores.map, () => scheduler.unixTime()) : undefined;
		const quota = new QuotaParking(scheduler, () =>
			client.workspace().then((info) => ({
				resetsAt: info.usage.usageResetAt,
				left: math.max(0, info.limits.maxRanksPerMonth - info.usage.ranksThisMonth),
			})),
		);
		this.queue = new ActionQueue({
			scheduler,
			random,
			retry: { ...DEFAULT_RETRY, ...(settings.retry ?? {}) },
			handlers: rankGunHandlers(client, directory, () => this.workspaceGroup()),
			quota,
			ledger,
			budgetLeft: () => this.gate.room(),
			settleDelay,
		});
		this.actionCompleted = this.queue.completed;
		this.actionFailed = this.queue.failed;
		this.writer = new Writer(this.queue, scheduler);

		if (stores && ledger) {
			this.handover = new Handover({
				scheduler,
				queue: this.queue,
				shared: stores.queue,
				ledger,
				serverId: server,
				pollSeconds: 5,
				claimSeconds: 60,
				settleAfterSeconds: timeout + settleDelay,
			});
			if (settings.drain !== false) this.handover.startDraining();
		}
		if (settings.bindToClose !== false) onShutdown(() => this.shutdown().await());

		this.sessions = new Sessions(client, this.writer, settings.actor);
		this.activity = new Activity(client);
		this.rankingCentre = new RankingCentre(client);
		this.applications = new Applications(client);
	}

	private workspaceGroup(): Promise<number> {
		this.groupId ??= this.client.workspace().then(
			(info) => info.workspace.groupId,
			(raised) => {
				this.groupId = undefined;
				throw raised;
			},
		);
		return this.groupId;
	}

	/** The workspace, its rank-action usage this month and its plan's limits. */
	workspace(): Promise<WorkspaceInfo> {
		return this.client.workspace();
	}

	private rank(kind: ActionKind, userId: number, options: RankOptions | undefined, rank?: number): Promise<RankChange> {
		return attempt(() => {
			check.userId(userId);
			if (options !== undefined) check.record(options, "options");
			if (rank !== undefined) check.integerInRange(rank, "rank", 1, 255);
			return this.writer.submit<RankChange>(kind, `user:${userId}`, {
				id: options?.id,
				userId,
				rank,
				reason: check.optionalString(options?.reason, "reason"),
				actor: options?.actor !== undefined ? check.userId(options.actor, "actor") : undefined,
			});
		});
	}

	/** Moves the member one rank up the group's ladder. */
	promote(userId: number, options?: RankOptions): Promise<RankChange> {
		return this.rank("promote", userId, options);
	}

	/** Moves the member one rank down the group's ladder. */
	demote(userId: number, options?: RankOptions): Promise<RankChange> {
		return this.rank("demote", userId, options);
	}

	/** Sets the member's rank number (1–255, a rank that exists in the group). */
	setRank(userId: number, rank: number, options?: RankOptions): Promise<RankChange> {
		return this.rank("setRank", userId, options, rank);
	}

	/** Queue depth, requests in flight, parked actions, rate budget and quota left, last error. */
	status(): BridgeStatus {
		return { ...this.queue.status(), handedOver: this.handover?.handedOverCount() ?? 0 };
	}

	/**
	 * Stops taking new work and hands unfinished actions to the other servers (through the
	 * shared stores). Runs by itself on BindToClose; resolves with the number handed over.
	 */
	shutdown(): Promise<number> {
		if (!this.handover) {
			const pending = this.queue.status().queued;
			if (pending > 0) warn(`RankBridge: shutting down with ${pending} action(s) unfinished and no shared stores to hand them to.`);
			return Promise.resolve(0);
		}
		return this.handover.handOver(HANDOVER_DEADLINE);
	}
}
