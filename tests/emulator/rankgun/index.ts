import { EmulatorContext, Service } from "../context";
import { Router } from "../http";
import { JsonValue } from "../json";
import { Group, RobloxUser } from "../roblox";

export interface RankGunOptions {
	/** Length of the rate-limit window in seconds; default 60. */
	windowSeconds?: number;
	/** Requests allowed per workspace per window; default 100. */
	requestsPerWindow?: number;
}

export interface RankGunWorkspaceSeed {
	/** A fixed API key; default a generated one. */
	key?: string;
	tier?: "free" | "elite";
}

export interface RankGunWorkspace {
	readonly id: string;
	readonly key: string;
}

export class RankGunService implements Service {
	readonly name = "rankgun";
	readonly router = new Router();

	constructor(
		private readonly context: EmulatorContext,
		private readonly options: RankGunOptions = {},
	) {}

	createWorkspace(group: Group, bot: RobloxUser, seed: RankGunWorkspaceSeed): RankGunWorkspace {
		return { id: this.context.ids.convex("w"), key: seed.key ?? `rg_${this.context.ids.hex(40)}` };
	}

	describe(): JsonValue {
		return [];
	}
}
