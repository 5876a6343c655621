import { RankGunClient } from "../providers/rankgun/client";
import { ActivityUser, ApplicationForm, Leaderboard, RankingCentreRank } from "../providers/rankgun/types";
import { unsupported } from "../core/errors";
import { Future, promised } from "../core/future";

/** A RankGun-only feature group: calls reject with Unsupported on other providers. */
class RankGunFeature {
	constructor(
		private readonly client: RankGunClient | undefined,
		private readonly provider: string,
		private readonly feature: string,
	) {}

	protected use<T>(body: (client: RankGunClient) => Future<T>): Promise<T> {
		return promised(() => (this.client ? body(this.client) : unsupported<T>(this.provider, this.feature)));
	}
}

/** Activity tracking (RankGun Elite feature). */
export class Activity extends RankGunFeature {
	constructor(client: RankGunClient | undefined, provider: string) {
		super(client, provider, "activity tracking");
	}

	/** One user's tracked time. */
	user(userId: number): Promise<ActivityUser> {
		return this.use((client) => client.activityUser(userId));
	}

	/** The top users by tracked time. */
	leaderboard(options?: { period?: string; limit?: number }): Promise<Leaderboard> {
		return this.use((client) => client.leaderboard(options));
	}
}

/** Gamepass-linked rank rewards (RankGun Elite). */
export class RankingCentre extends RankGunFeature {
	constructor(client: RankGunClient | undefined, provider: string) {
		super(client, provider, "a Ranking Centre");
	}

	list(): Promise<Array<RankingCentreRank>> {
		return this.use((client) => client.rankingCentreRanks());
	}

	/** `id` is the reward's RankGun id (from `list`), not the rank number. */
	get(id: string): Promise<RankingCentreRank> {
		return this.use((client) => client.rankingCentreRank(id));
	}
}

/** Application Centre forms. */
export class Applications extends RankGunFeature {
	constructor(client: RankGunClient | undefined, provider: string) {
		super(client, provider, "an Application Centre");
	}

	list(): Promise<Array<ApplicationForm>> {
		return this.use((client) => client.applicationForms());
	}

	/** One form with its questions (and answer keys: keep them on the server). */
	get(formId: string): Promise<ApplicationForm> {
		return this.use((client) => client.applicationForm(formId));
	}
}
