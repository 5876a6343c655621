import { EmulatorContext, Service } from "./context";
import { Router } from "./http";
import { JsonValue } from "./json";
import { Group, RobloxUser } from "./roblox";

export interface HyraTokenSeed {
	/** A fixed token; default a generated one. */
	token?: string;
}

export interface HyraToken {
	readonly token: string;
}

export class HyraService implements Service {
	readonly name = "hyra";
	readonly router = new Router();

	constructor(private readonly context: EmulatorContext) {}

	createToken(group: Group, bot: RobloxUser, seed: HyraTokenSeed): HyraToken {
		return { token: seed.token ?? this.context.ids.hex(48) };
	}

	describe(): JsonValue {
		return [];
	}
}
