import { Future } from "../../core/future";
import { Gate, Go } from "../../core/rateGate";
import { absoluteRankHandlers } from "../absoluteRanking";
import { guardedHandlers } from "../guard";
import { Provider, ProviderContext, requestContext, serviceGate } from "../provider";
import { CloudOperation, OPEN_CLOUD_LIMITS, OpenCloudClient } from "./client";
import { CloudRanking } from "./ranking";
import { RoleCache } from "./roles";

export interface OpenCloudSettings {
	/** The API key: Roblox only accepts a Secret in x-api-key from a game server. */
	key: Secret | string;
	groupId: number;
	baseUrl: string;
	/** The key owner's user id, when configured: ranks it cannot give are refused before sending. */
	botUserId?: number;
}

/** What `bridge.openCloud` works with. */
export interface OpenCloudParts {
	readonly client: OpenCloudClient;
	readonly roles: RoleCache;
	readonly ranking: CloudRanking;
}

export interface OpenCloudProvider extends Provider {
	readonly openCloud: OpenCloudParts;
}

/** The operations one rank change passes through, in order. */
const RANKING_OPERATIONS: ReadonlyArray<CloudOperation> = ["ListGroupMemberships", "AssignRoleGroupMembership", "UnassignRoleGroupMembership"];

/** The per-operation gates seen as one, for status: room is the tightest of a rank change's operations. */
class OperationGates implements Gate {
	private readonly gates = new Map<CloudOperation, Gate>();

	constructor(private readonly make: (operation: CloudOperation) => Gate) {}

	get(operation: CloudOperation): Gate {
		let gate = this.gates.get(operation);
		if (!gate) {
			gate = this.make(operation);
			this.gates.set(operation, gate);
		}
		return gate;
	}

	acquire(go: Go, wanted?: () => boolean): () => void {
		const withdrawals = new Array<() => void>();
		const heard = new Array<() => void>();
		const pass = (index: number): boolean | void => {
			if (index >= RANKING_OPERATIONS.size()) return go(() => heard.forEach((hear) => hear()));
			withdrawals.push(
				this.get(RANKING_OPERATIONS[index]).acquire((answered) => {
					heard.push(answered);
					return pass(index + 1);
				}, wanted),
			);
		};
		pass(0);
		return () => {
			for (const withdraw of withdrawals) withdraw();
		};
	}

	pause(seconds: number) {
		for (const operation of RANKING_OPERATIONS) this.get(operation).pause(seconds);
	}

	room(): number {
		let room = math.huge;
		for (const operation of RANKING_OPERATIONS) room = math.min(room, this.get(operation).room());
		return room;
	}
}

/**
 * Roblox Open Cloud groups v2 (apis.roblox.com), with an API key whose owner outranks the
 * members it ranks. Ranks are read through Open Cloud itself; promote/demote are worked out
 * from the group's roles (see ../absoluteRanking.ts and ranking.ts). No usage quota.
 */
export function createOpenCloudProvider(context: ProviderContext, settings: OpenCloudSettings): OpenCloudProvider {
	const gates = new OperationGates((operation) =>
		serviceGate(context, `opencloud-${operation}`, { limit: OPEN_CLOUD_LIMITS[operation], windowSeconds: 60, marginSeconds: 1 }),
	);
	const client = new OpenCloudClient({
		...requestContext(context),
		key: settings.key,
		groupId: settings.groupId,
		baseUrl: settings.baseUrl,
		gate: (operation) => gates.get(operation),
	});
	const roles = new RoleCache(client, context.scheduler);
	const ranking = new CloudRanking(client, roles, context.scheduler, settings.groupId);
	const readRank = (userId: number) => ranking.readRank(userId);
	/** The group's rank numbers, lowest first. */
	const ladder = () =>
		ranking.ranks().andThen((ranks) => {
			const sorted = [...ranks];
			sorted.sort((a, b) => a < b);
			return sorted;
		});

	return {
		name: "Open Cloud",
		capabilities: {
			relativeRanking: false,
			sessions: false,
			activity: false,
			rankingCentre: false,
			applications: false,
			workspace: false,
			messaging: false,
			logs: false,
			roles: true,
		},
		gate: gates,
		openCloud: { client, roles, ranking },
		handlers: guardedHandlers(
			absoluteRankHandlers(
				{
					provider: "Open Cloud",
					groupId: settings.groupId,
					readRank,
					ranks: ladder,
					maxRank: 254,
					botUserId: settings.botUserId,
					send: (userId, rank, from) => ranking.send(userId, rank, from),
					resumable: true,
				},
				context.scheduler,
			),
			{ provider: "Open Cloud", rankOf: readRank, ranks: ladder },
		),
		groupId: () => Future.resolved(settings.groupId),
		rankOf: readRank,
		ranks: ladder,
	};
}
