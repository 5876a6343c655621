import { ErrorKind, RankError } from "../../core/errors";
import { Provider, ProviderContext, requestContext, serviceGate } from "../provider";
import { rankGunHandlers } from "./actions";
import { RANKGUN_LIMIT, RankGunClient } from "./client";

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
	let group: Promise<number> | undefined;
	const groupId = (): Promise<number> => {
		group ??= client.workspace().then(
			(info) => info.workspace.groupId,
			(raised) => {
				group = undefined;
				throw raised;
			},
		);
		return group;
	};
	const directory = context.directory;
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
		handlers: rankGunHandlers(client, directory, groupId),
		quota: () =>
			client.workspace().then((info) => ({
				resetsAt: info.usage.usageResetAt,
				left: math.max(0, info.limits.maxRanksPerMonth - info.usage.ranksThisMonth),
			})),
		groupId,
		rankOf: (userId) => {
			if (!directory) return Promise.reject(new RankError(ErrorKind.Unsupported, "RankGun cannot read ranks and GroupService is turned off (groups = false)")) as Promise<number>;
			return groupId().then((id) => directory.rankOf(id, userId));
		},
	};
}
