import { RunService } from "@rbxts/services";
import { ActionKind, ActionReport } from "./core/action";
import { checkConfig, RankBridgeConfig } from "./config";
import { ErrorKind, RankError } from "./core/errors";
import { Adoption } from "./core/adoption";
import { DoneRecords } from "./core/doneRecords";
import { Journal } from "./core/journal";
import { Lanes } from "./core/lanes";
import { ActionQueue, QueueStatus, SharedWork } from "./core/queue";
import { Servers } from "./core/servers";
import { QuotaParking } from "./core/quotaParking";
import { DEFAULT_RETRY } from "./core/retry";
import { Future, promised } from "./core/future";
import { RobloxScheduler, Scheduler, sleep } from "./core/scheduler";
import { Signal } from "./core/signal";
import { DurableStore, SharedMap, SharedStores } from "./core/stores";
import * as check from "./core/validate";
import { Activity, Applications, RankingCentre } from "./api/reads";
import { Sessions } from "./api/sessions";
import { RankBridgeApi, RankOptions } from "./api/surface";
import { Writer } from "./api/writer";
import { Capabilities, Provider, ProviderContext } from "./providers/provider";
import { RANKGUN_URL } from "./providers/rankgun/client";
import { createRankGunProvider, RankGunProvider } from "./providers/rankgun/provider";
import { HyraApi } from "./providers/hyra/api";
import { createHyraToken, HYRA_URL } from "./providers/hyra/client";
import { createHyraProvider, HyraProvider } from "./providers/hyra/provider";
import { OpenCloudApi } from "./providers/opencloud/api";
import { OPEN_CLOUD_URL } from "./providers/opencloud/client";
import { createOpenCloudProvider, OpenCloudProvider } from "./providers/opencloud/provider";
import { AttendanceOptions, AttendanceTracker } from "./features/attendance";
import { ChatCommands, CommandOptions } from "./features/commands";
import { FeatureContext } from "./features/context";
import { RankChange, WorkspaceInfo } from "./providers/rankgun/types";
import { FreshRanks } from "./roblox/freshRanks";
import { GroupDirectory, RobloxGroupDirectory } from "./roblox/groups";
import { HttpTransport, RobloxHttpTransport } from "./roblox/http";
import { dataStore } from "./roblox/dataStore";
import { memoryStores } from "./roblox/memoryStore";
import { resolveKey } from "./roblox/secrets";
import { onShutdown, serverId as defaultServerId } from "./roblox/server";

const DEFAULT_TIMEOUT = 15;
const DEFAULT_SETTLE_DELAY = 5;
/** How long GroupService is taken to cache a rank read (see rankCacheSeconds). */
const DEFAULT_RANK_CACHE_SECONDS = 30;
/** BindToClose allows 30 seconds for everything; leave room for other handlers. */
const HANDOVER_DEADLINE = 20;
/** Seconds between flushes of the journal: the longest an accepted action is not yet durable. */
const FLUSH_SECONDS = 2;
/** A busy server beats this often; another judges it dead after watching no beat for DEAD_AFTER. */
const BEAT_SECONDS = 15;
const DEAD_AFTER = 50;
/** An idle server looks for work left by others this often (one MemoryStore read). */
const IDLE_LOOK_SECONDS = 60;
/** ...and at the DataStore index of journals (for work whose servers left no registry entry) this often. */
const INDEX_LOOK_SECONDS = 600;
/** A step waiting on something outside (a rank read, a shared store) is abandoned after this long. */
const STEP_LIMIT = 60;

let sharedTransport: RobloxHttpTransport | undefined;

/** One HttpService per game server, so its request budget is shared by every RankBridge. */
function serverTransport(): HttpTransport {
	return (sharedTransport ??= new RobloxHttpTransport());
}

function defaultStores(namespace: string): SharedStores | undefined {
	// MemoryStore and DataStore need a published place, and in Studio its API access switched on
	// (https://create.roblox.com/docs/cloud-services/data-stores#enable-studio-access); a play test
	// is one server anyway. Rather than have every action wait on stores that never answer, work
	// stays this server's own there.
	if (RunService.IsStudio() || game.PlaceId === 0) {
		warn(
			"RankBridge: in Studio or an unpublished place the journal and shared budget are off: work is this server's only (pass `stores` to test them).",
		);
		return undefined;
	}
	const [ok, stores] = pcall(() => memoryStores(namespace));
	if (!ok) {
		const reason = tostring(stores).split("\n")[0];
		warn(`RankBridge: MemoryStoreService is not available (${reason}); the rate budget and accepted work are this server's only.`);
		return undefined;
	}
	const [durableOk, durable] = pcall(() => dataStore(namespace));
	if (durableOk) return { ...stores, durable };
	const reason = tostring(durable).split("\n")[0];
	warn(`RankBridge: DataStoreService is not available (${reason}); accepted work is this server's only and is lost if it crashes.`);
	return stores;
}

/** What `bridge:status()` reports. */
export interface BridgeStatus extends QueueStatus {
	/** Actions this server left to other servers at shutdown. */
	handedOver: number;
	/** Actions this server took over from servers that died or shut down. */
	adopted: number;
}

/** The queue's shared work, and what the bridge itself drives. */
interface Coordination extends SharedWork {
	adoption: Adoption;
	scheduler: Scheduler;
}

function requireGroupId(settings: RankBridgeConfig, provider: string): number {
	if (settings.groupId === undefined) {
		throw new RankError(ErrorKind.InvalidRequest, `provider "${provider}" needs groupId: the id of the Roblox group to rank in.`);
	}
	return settings.groupId;
}

/** A provider with the extras only one service has. */
type BuiltProvider = Provider & Partial<Pick<RankGunProvider, "client"> & Pick<HyraProvider, "hyra"> & Pick<OpenCloudProvider, "openCloud">>;

function buildProvider(settings: RankBridgeConfig, context: ProviderContext): BuiltProvider {
	if (settings.provider === "hyra") {
		if (settings.token === undefined) {
			throw new RankError(
				ErrorKind.InvalidRequest,
				'provider "hyra" needs token: the Hyra ranking token (it cannot be a Secret, as Hyra takes it in the request body).',
			);
		}
		return createHyraProvider(context, {
			token: settings.token,
			groupId: requireGroupId(settings, "hyra"),
			baseUrl: settings.baseUrl ?? HYRA_URL,
			botUserId: settings.botUserId,
		});
	}
	if (settings.provider === "opencloud") {
		return createOpenCloudProvider(context, {
			key: resolveKey(settings, "Open Cloud"),
			groupId: requireGroupId(settings, "opencloud"),
			baseUrl: settings.baseUrl ?? OPEN_CLOUD_URL,
			botUserId: settings.botUserId,
		});
	}
	return createRankGunProvider(context, { key: resolveKey(settings, "RankGun"), baseUrl: settings.baseUrl ?? RANKGUN_URL });
}

/** Checks a rank action's arguments and queues it (a function, not a closure: it runs for every action). */
function submitRank(writer: Writer, kind: ActionKind, userId: number, options: RankOptions | undefined, rank?: number): Promise<RankChange> {
	check.userId(userId);
	if (options !== undefined) check.record(options, "options");
	if (kind === "setRank") check.integerInRange(rank, "rank", 1, 255);
	const actor = options?.actor !== undefined ? check.userId(options.actor, "actor") : undefined;
	if (options?.guard === true && actor === undefined)
		throw new RankError(ErrorKind.InvalidRequest, "guard needs actor: the user whose rank is checked");
	const id = options?.id;
	const reason = check.optionalString(options?.reason, "reason");
	const guard = options?.guard === true ? { actor: actor! } : undefined;
	// Plain values in one table constructor: sized once for the fields the action gets.
	return writer.submit<RankChange>(kind, `user:${userId}`, { id, userId, rank, reason, actor, guard });
}

/**
 * RankBridge: ranks group members and records session attendance from a game server.
 *
 * Luau: `local bridge = RankBridge.new({ secret = "RankGunKey" })`
 * TypeScript: `const bridge = new RankBridge({ secret: "RankGunKey" })`
 */
export class RankBridge implements RankBridgeApi {
	/** Every kind a RankError can have, e.g. `RankBridge.ErrorKind.QuotaExhausted`. */
	static readonly ErrorKind = ErrorKind;
	/** The error type promises reject with; `RankBridge.RankError.is(err, kind)` tests one. */
	static readonly RankError = RankError;
	/**
	 * Makes a Hyra ranking token from the bot account's .ROBLOSECURITY cookie:
	 * `RankBridge.createHyraToken({ cookie = ..., groupId = ... })`. For developer tooling only:
	 * it must NEVER run in a game (the cookie is the bot account's password).
	 */
	static readonly createHyraToken = createHyraToken;

	/** What the configured provider can do. */
	readonly capabilities: Capabilities;
	readonly sessions: Sessions;
	readonly activity: Activity;
	readonly rankingCentre: RankingCentre;
	readonly applications: Applications;
	/** Hyra Ranking's own operations (token info, spin, delete, message, logs); Unsupported on other providers. */
	readonly hyra: HyraApi;
	/** Open Cloud's own reads (group, roles, a member's roles, memberships); Unsupported on other providers. */
	readonly openCloud: OpenCloudApi;
	/** Fires for every action that finishes: id, kind, userId, oldRank/newRank, attempts, actor, reason. */
	readonly actionCompleted: Signal<ActionReport>;
	/** Fires for every action that fails for good, with its RankError in `error`. */
	readonly actionFailed: Signal<ActionReport>;

	private readonly provider: BuiltProvider;
	private readonly queue: ActionQueue;
	private readonly writer: Writer;
	private readonly shared?: Coordination;
	private handedOver = 0;
	private readonly directory?: GroupDirectory;
	private readonly features: FeatureContext;

	constructor(config: RankBridgeConfig) {
		const settings = checkConfig(config);
		const scheduler: Scheduler = settings.scheduler ?? new RobloxScheduler();
		const random =
			settings.random ??
			(
				(rng: Random) => () =>
					rng.NextNumber()
			)(new Random());
		const timeout = settings.timeout ?? DEFAULT_TIMEOUT;
		const settleDelay = settings.settleDelay ?? DEFAULT_SETTLE_DELAY;
		const server = settings.serverId ?? defaultServerId();
		const namespace = `${settings.provider ?? "rankgun"}/${settings.namespace ?? "default"}`;
		const stores = settings.stores === false ? undefined : (settings.stores ?? defaultStores(namespace));
		const source: GroupDirectory | undefined = settings.groups === false ? undefined : (settings.groups ?? new RobloxGroupDirectory());
		const cacheSeconds = settings.rankCacheSeconds ?? DEFAULT_RANK_CACHE_SECONDS;
		const directory = source && cacheSeconds > 0 ? new FreshRanks(source, cacheSeconds, scheduler) : source;
		const retry = { ...DEFAULT_RETRY, ...(settings.retry ?? {}) };

		const provider = buildProvider(settings, {
			scheduler,
			random,
			timeout,
			transport: settings.transport ?? serverTransport(),
			retry,
			directory,
			stores,
			serverId: server,
			namespace,
			stopped: () => this.queue?.isClosed() ?? false,
			busyServers: () => this.shared?.servers.names() ?? [],
		});
		this.provider = provider;
		this.capabilities = provider.capabilities;
		this.directory = directory;
		this.features = { scheduler, defaultActor: settings.actor };

		const shared = stores?.durable ? this.coordinate(stores.map, stores.durable, server, scheduler, timeout + settleDelay) : undefined;
		this.shared = shared;
		this.queue = new ActionQueue({
			scheduler,
			random,
			retry,
			handlers: provider.handlers,
			quota: provider.quota ? new QuotaParking(scheduler, provider.quota) : undefined,
			budgetLeft: () => provider.gate.room(),
			settleDelay,
			provider: provider.name,
			shared,
			stepLimit: STEP_LIMIT,
			rankChanged: directory ? (userId, rank, landed) => directory.changed?.(userId, rank, landed) : undefined,
		});
		this.actionCompleted = this.queue.completed;
		this.actionFailed = this.queue.failed;
		this.writer = new Writer(this.queue, scheduler);
		if (shared && settings.drain !== false) this.watch(shared, scheduler);
		if (settings.bindToClose !== false) onShutdown(() => this.shutdown().await());

		this.sessions = new Sessions(provider.client, this.writer, settings.actor, provider.name);
		this.activity = new Activity(provider.client, provider.name);
		this.rankingCentre = new RankingCentre(provider.client, provider.name);
		this.applications = new Applications(provider.client, provider.name);
		this.hyra = new HyraApi(provider.hyra, provider.name);
		this.openCloud = new OpenCloudApi(provider.openCloud, provider.name);
	}

	/** The RankGun workspace, its rank-action usage this month and its plan's limits. */
	workspace(): Promise<WorkspaceInfo> {
		const client = this.provider.client;
		return promised(() =>
			client
				? client.workspace()
				: Future.rejected<WorkspaceInfo>(new RankError(ErrorKind.Unsupported, `${this.provider.name} has no workspace info.`)),
		);
	}

	/** The member's current rank in the group (0 if not a member). */
	getRank(userId: number): Promise<number> {
		return promised(() => this.provider.rankOf(check.userId(userId)));
	}

	private rank(kind: ActionKind, userId: number, options: RankOptions | undefined, rank?: number): Promise<RankChange> {
		// As attempt() does, without a closure: this runs for every action.
		const [ok, result] = pcall(submitRank, this.writer, kind, userId, options, rank);
		return ok ? result : (Promise.reject(result) as Promise<RankChange>);
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

	/** Every rank number the group has, lowest first (Guest 0 and Owner 255 included). */
	groupRanks(): Promise<Array<number>> {
		return promised(() => {
			if (this.provider.ranks) return this.provider.ranks();
			const directory = this.directory;
			if (!directory) throw new RankError(ErrorKind.Unsupported, "cannot read the group's ranks: GroupService is turned off (groups = false)");
			return this.provider.groupId().andThen((groupId) => directory.ranks(groupId));
		});
	}

	/**
	 * Automatic attendance: while a session of the given types is in progress, everyone in the
	 * server and everyone who joins is marked attended, once per player per session across all
	 * servers. Luau: `bridge:trackAttendance({ sessionTypes = { "Training" } })`. Returns a
	 * handle; `handle:stop()` turns it off.
	 */
	trackAttendance(options: AttendanceOptions = {}): AttendanceTracker {
		return new AttendanceTracker(this, options, this.features);
	}

	/**
	 * Admin chat commands (/promote, /demote, /setrank, /rank, /session) for the players the
	 * options allow. Luau: `bridge:enableCommands({ minRank = 100 })`. Returns a handle;
	 * `handle:stop()` removes them.
	 */
	enableCommands(options: CommandOptions): ChatCommands {
		return new ChatCommands(this, options, this.features);
	}

	/** Queue depth, requests in flight, parked actions, rate budget and quota left, last error. */
	status(): BridgeStatus {
		return { ...this.queue.status(), handedOver: this.handedOver, adopted: this.shared?.adoption.adoptedActions ?? 0 };
	}

	/**
	 * Stops taking new work and lets the other servers finish what is unfinished here: it is
	 * already in this server's journal, which is marked released so another server adopts it at
	 * once. Runs by itself on BindToClose; resolves with the number of actions left to others.
	 */
	shutdown(): Promise<number> {
		if (this.queue.isClosed()) return Promise.resolve(this.handedOver);
		const pending = this.queue.close();
		const shared = this.shared;
		if (!shared) {
			if (pending > 0) warn(`RankBridge: shutting down with ${pending} action(s) unfinished and no shared stores to hand them to.`);
			return Promise.resolve(0);
		}
		this.handedOver = pending;
		const finished = new Future<boolean>();
		// The rate budget's unsent grants go back to the other servers meanwhile.
		const budget = this.provider.gate.close?.() ?? Future.resolved(true);
		shared.journal
			.release()
			.andThen(() => shared.servers.release())
			.andThen(() => budget)
			.listen(() => finished.resolve(true));
		sleep(shared.scheduler, HANDOVER_DEADLINE).listen(() => finished.resolve(false));
		return finished
			.andThen((done) => {
				const unwritten = shared.journal.unwritten();
				if (!done && unwritten > 0) {
					warn(
						`RankBridge: shutting down with ${pending} unfinished action(s); ${unwritten} could not be written to the journal in time and are lost.`,
					);
				} else if (pending > 0) {
					warn(`RankBridge: shutting down with ${pending} unfinished action(s), kept in the journal for another server to finish.`);
				}
				return pending;
			})
			.toPromise();
	}

	/** The pieces that let this server's work outlive it and coordinate with the game's other servers. */
	private coordinate(map: SharedMap, durable: DurableStore, server: string, scheduler: Scheduler, settleAfterSeconds: number): Coordination {
		const onError = (failure: unknown) => this.queue?.noteError(failure);
		const onAdopted = () => this.adoptedAway();
		// Assigned once below; the registry's callback refers to it first.
		// eslint-disable-next-line prefer-const
		let adoption!: Adoption;
		const servers = new Servers({
			map,
			serverId: server,
			scheduler,
			beatSeconds: BEAT_SECONDS,
			deadAfterSeconds: DEAD_AFTER,
			onView: () => adoption.look(),
			onAdopted,
			onError,
		});
		const journal = new Journal({
			store: durable,
			serverId: server,
			scheduler,
			flushSeconds: FLUSH_SECONDS,
			onError,
			onAdopted,
			writable: () => servers.isRegistered(),
		});
		const lanes = new Lanes(map, servers.me);
		adoption = new Adoption({
			durable,
			lanes,
			servers,
			serverId: server,
			scheduler,
			take: (actions) => this.queue.adopt(actions),
			expect: (actions) => this.queue.expectAdoption(actions),
			onError,
			indexSeconds: INDEX_LOOK_SECONDS,
		});
		return {
			journal,
			servers,
			adoption,
			scheduler,
			lanes,
			records: new DoneRecords(durable, () => scheduler.unixTime()),
			settleAfterSeconds,
			lookForOrphans: () => adoption.look(),
		};
	}

	/** Looks for work other servers left, and leaves the registry once this server holds none. */
	private watch(shared: Coordination, scheduler: Scheduler) {
		let idleSince: number | undefined;
		const look = () => {
			if (this.queue.isClosed() || shared.servers.adopted) return;
			const idle = this.queue.pending() === 0 && shared.journal.empty();
			idleSince = idle ? (idleSince ?? scheduler.now()) : undefined;
			if (idleSince !== undefined && scheduler.now() - idleSince >= IDLE_LOOK_SECONDS) {
				shared.journal.erase().listen((_, erased) => {
					if (erased === true && this.queue.pending() === 0 && shared.journal.empty()) shared.servers.leave();
				});
			}
			// A busy server sees the registry at every beat; an idle one reads it here.
			if (!shared.servers.confident() || shared.servers.viewAge() >= IDLE_LOOK_SECONDS - 1) shared.servers.view();
			shared.adoption.look();
			scheduler.delay(IDLE_LOOK_SECONDS, look);
		};
		look();
	}

	/** Another server judged this one dead and took its work: stop, so nothing is done twice. */
	private adoptedAway() {
		if (this.queue.isClosed()) return;
		warn("RankBridge: another server took over this server's work (it could not reach MemoryStore for too long); this bridge stops.");
		this.queue.close();
	}
}

/**
 * The types game code may want to name, for roblox-ts users: `RankBridge.Config`,
 * `RankBridge.RankChange`, `RankBridge.ActionReport`, ... (types only; nothing at run time).
 */
export declare namespace RankBridge {
	export type Config = import("./config").RankBridgeConfig;
	export type RankOptions = import("./api/surface").RankOptions;
	export type Status = import("./bridge").BridgeStatus;
	export type ActionReport = import("./core/action").ActionReport;
	export type ErrorKind = import("./core/errors").ErrorKind;
	export type RankError = import("./core/errors").RankError;
	export type RankChange = import("./providers/rankgun/types").RankChange;
	export type Capabilities = import("./providers/provider").Capabilities;
	export type WorkspaceInfo = import("./providers/rankgun/types").WorkspaceInfo;
	export type Session = import("./providers/rankgun/types").Session;
	export type SessionDetail = import("./providers/rankgun/types").SessionDetail;
	export type Participant = import("./providers/rankgun/types").Participant;
	export type SessionType = import("./providers/rankgun/types").SessionType;
	export type NewSessionOptions = import("./api/sessions").NewSessionOptions;
	export type ParticipantOptions = import("./api/sessions").ParticipantOptions;
	export type AttendanceOptions = import("./features/attendance").AttendanceOptions;
	export type AttendanceTracker = import("./features/attendance").AttendanceTracker;
	export type CommandOptions = import("./features/commands").CommandOptions;
	export type ChatCommands = import("./features/commands").ChatCommands;
	export type CommandResult = import("./features/commandTypes").CommandResult;
}
