import { Future } from "../../core/future";
import { ErrorKind, RankError } from "../../core/errors";
import { absoluteRankHandlers } from "../absoluteRanking";
import { guardedHandlers } from "../guard";
import { Provider, ProviderContext, requestContext, serviceGate } from "../provider";
import { HYRA_LIMIT, HYRA_MAX_RANK, HyraClient } from "./client";

export interface HyraSettings {
	/** Hyra's ranking token. It travels in request bodies and paths, so it cannot be a Secret. */
	token: string;
	groupId: number;
	baseUrl: string;
	/** The bot account's user id, when configured: ranks it cannot give are refused before sending. */
	botUserId?: number;
}

export interface HyraProvider extends Provider {
	readonly hyra: HyraClient;
}

/**
 * Hyra Ranking (ranking.hyra.io). Hyra only sets a rank number, and has no way to read one:
 * ranks are read through GroupService, and promote/demote are worked out from the group's
 * ladder (see ../absoluteRanking.ts). 500 rank and message calls a day per token.
 */
export function createHyraProvider(context: ProviderContext, settings: HyraSettings): HyraProvider {
	const gate = serviceGate(context, "hyra-budget", HYRA_LIMIT);
	const client = new HyraClient({
		...requestContext(context),
		token: settings.token,
		groupId: settings.groupId,
		baseUrl: settings.baseUrl,
		gates: [gate],
	});
	const directory = context.directory;
	const groupId = settings.groupId;
	const noDirectory = () =>
		new RankError(ErrorKind.Unsupported, "Hyra has no way to read ranks, and GroupService is turned off (groups = false), so it cannot rank.", {
			provider: "Hyra",
		});
	const readRank = (userId: number): Future<number> => (directory ? directory.rankOf(groupId, userId) : Future.rejected<number>(noDirectory()));
	const ranks = () => (directory ? directory.ranks(groupId) : Future.rejected<Array<number>>(noDirectory()));

	return {
		name: "Hyra",
		capabilities: {
			relativeRanking: false,
			sessions: false,
			activity: false,
			rankingCentre: false,
			applications: false,
			workspace: false,
			messaging: true,
			logs: true,
			roles: false,
		},
		gate,
		hyra: client,
		handlers: guardedHandlers(
			absoluteRankHandlers(
				{
					provider: "Hyra",
					groupId,
					readRank,
					ranks,
					maxRank: HYRA_MAX_RANK,
					botUserId: settings.botUserId,
					send: (userId, rank) => client.rank(userId, rank),
					resumable: false,
				},
				context.scheduler,
			),
			{ provider: "Hyra", rankOf: readRank, ranks },
		),
		quota: () => client.quota(),
		groupId: () => Future.resolved(groupId),
		rankOf: readRank,
	};
}
