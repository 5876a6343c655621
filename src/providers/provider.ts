// What RankBridge needs from a ranking service. RankGun, Hyra Ranking and Roblox Open Cloud each
// build one; the queue, attendance and chat commands only ever see this.
import { ActionHandlers } from "../core/action";
import { Future } from "../core/future";
import { QuotaInfo } from "../core/quotaParking";
import { Gate, paceOf, RateGate, WindowLimit } from "../core/rateGate";
import { RetryPolicy } from "../core/retry";
import { Scheduler } from "../core/scheduler";
import { SharedBudget } from "../core/sharedBudget";
import { SharedStores } from "../core/stores";
import { GroupDirectory } from "../roblox/groups";
import { HttpTransport } from "../roblox/http";

/** What a provider can do. A call to something it cannot do rejects with kind Unsupported. */
export interface Capabilities {
	/** The service moves a member one rank itself (otherwise RankBridge works it out from the ladder). */
	relativeRanking: boolean;
	/** Sessions and attendance. */
	sessions: boolean;
	/** Activity tracking. */
	activity: boolean;
	/** Gamepass rank rewards (RankGun Ranking Centre). */
	rankingCentre: boolean;
	/** Application forms (RankGun Application Centre). */
	applications: boolean;
	/** Workspace info and usage. */
	workspace: boolean;
	/** Sending a member a message (Hyra). */
	messaging: boolean;
	/** A log of rank changes made through the service (Hyra). */
	logs: boolean;
	/** Reading the group's roles and a member's roles (Open Cloud). */
	roles: boolean;
}

/** What every service client needs to send requests: the same for all providers. */
export interface RequestContext {
	/** Seconds before a request times out. */
	timeout: number;
	transport: HttpTransport;
	scheduler: Scheduler;
	random: () => number;
	retry?: RetryPolicy;
	/** True once the bridge is shutting down: writes still waiting for a rate slot are not sent. */
	stopped?: () => boolean;
}

/** The request settings a provider passes on to its client. */
export function requestContext(context: ProviderContext): RequestContext {
	return {
		timeout: context.timeout,
		transport: context.transport,
		scheduler: context.scheduler,
		random: context.random,
		retry: context.retry,
		stopped: context.stopped,
	};
}

/** What RankBridge hands a provider when it builds one. */
export interface ProviderContext {
	scheduler: Scheduler;
	random: () => number;
	/** Seconds before a request times out. */
	timeout: number;
	transport: HttpTransport;
	retry: RetryPolicy;
	/** GroupService (or a stand-in); undefined when turned off. */
	directory?: GroupDirectory;
	/** Shared by every server; undefined for this server only. */
	stores?: SharedStores;
	serverId: string;
	/** Key prefix for this bridge's shared state. */
	namespace: string;
	/** True once the bridge is shutting down. */
	stopped: () => boolean;
	/** The full ids of the servers with work in the heartbeat registry at its last look, for fair shares of a limit (empty without stores). */
	busyServers?: () => ReadonlyArray<string>;
}

export interface Provider {
	readonly name: string;
	readonly capabilities: Capabilities;
	/** The gate every request to the service passes (its budget shows in status). */
	readonly gate: Gate;
	/** How the queue runs each action kind this provider supports. */
	readonly handlers: ActionHandlers;
	/** When the usage quota resets and how much is left; undefined if the service has no quota. */
	readonly quota?: () => Future<QuotaInfo>;
	/** The Roblox group this provider ranks in. */
	readonly groupId: () => Future<number>;
	/** A fresh read of the member's rank (0 if not in the group). */
	readonly rankOf: (userId: number) => Future<number>;
	/** The group's rank numbers, lowest first, when the service can list them (else GroupService is used). */
	readonly ranks?: () => Future<Array<number>>;
}

/**
 * The gate for a service limit: shared by every server through the shared map when there is
 * one (the limit belongs to the key or workspace, not to one server), else this server's own.
 */
export function serviceGate(context: ProviderContext, name: string, limit: WindowLimit): Gate {
	if (!context.stores) return new RateGate(context.scheduler, [limit], [paceOf(limit)]);
	return new SharedBudget(context.scheduler, context.stores.map, `${context.namespace}/${name}`, context.serverId, {
		limit: limit.limit,
		windowSeconds: limit.windowSeconds,
		leaseSize: 10,
		leaseSeconds: 1,
		marginSeconds: limit.marginSeconds ?? 1,
		busyServers: context.busyServers,
	});
}
