import { ErrorKind, RankError } from "../../core/errors";
import { Future } from "../../core/future";
import { QuotaInfo } from "../../core/quotaParking";
import { guardedHandlers } from "../guard";
import { Provider, ProviderContext, requestContext, serviceGate } from "../provider";
import { rankGunHandlers } from "./actions";
import { RANKGUN_LIMIT, RankGunClient } from "./client";

/** When /api/workspace does not say when the month's quota resets, look again after this long. */
const RECHECK_SECONDS = 3600;

export interface RankGunSettings {
	key: Secret | string;
	baseUrl: string;
}

export interface RankGunProvider extends Provider {
	readonly client: RankGunClient;
}

/** RankGun: ranking, sessions and attendance, activity, Ranking Centre, Application Centre. */
export function createRankGunProvider(context: ProviderContext, settings: RankGunSettings): RankGunProvider {
	const gate = serviceGate(context, "rankgun-budget", RANKGUN_LIMIT);
	const client = new RankGunClient({
		...requestContext(context),
		key: settings.key,
		baseUrl: settings.baseUrl,
		gates: [gate],
	});
	let group: Future<number> | undefined;
	/**
	 * The workspace's group, from /api/workspace, or if that does not say (its fields are shown
	 * only in an example), from the documented `workspace` block of the Application Centre list.
	 */
	const groupId = (): Future<number> => {
		group ??= client
			.workspace()
			.andThen((info) => info.workspace.groupId ?? client.centreWorkspace().andThen((workspace) => workspace.groupId))
			.catch((raised) => {
				group = undefined;
				throw raised;
			});
		return group;
	};
	const directory = context.directory;
	const rankOf = (userId: number): Future<number> => {
		if (!directory)
			return Future.rejected<number>(
				new RankError(ErrorKind.Unsupported, "RankGun cannot read ranks and GroupService is turned off (groups = false)"),
			);
		return groupId().andThen((id) => directory.rankOf(id, userId));
	};
	const quota = (): Future<QuotaInfo> =>
		client.workspace().andThen(({ usage, limits }) => ({
			resetsAt: usage.usageResetAt ?? context.scheduler.unixTime() + RECHECK_SECONDS,
			left:
				usage.ranksThisMonth !== undefined && limits.maxRanksPerMonth !== undefined
					? math.max(0, limits.maxRanksPerMonth - usage.ranksThisMonth)
					: undefined,
		}));
	return {
		name: "RankGun",
		capabilities: {
			relativeRanking: true,
			sessions: true,
			activity: true,
			rankingCentre: true,
			applications: true,
			workspace: true,
			messaging: false,
			logs: false,
			roles: false,
		},
		gate,
		client,
		handlers: guardedHandlers(rankGunHandlers(client, directory, groupId), {
			provider: "RankGun",
			rankOf,
			ranks: () => (directory ? groupId().andThen((id) => directory.ranks(id)) : Future.resolved([])),
		}),
		quota,
		groupId,
		rankOf,
	};
}
