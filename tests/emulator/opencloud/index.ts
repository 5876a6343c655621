import { EmulatorContext, Service } from "../context";
import { Router } from "../http";
import { JsonValue } from "../json";
import { RobloxUser } from "../roblox";

export interface OpenCloudKeySeed {
	/** A fixed API key; default a generated one. */
	key?: string;
}

export interface OpenCloudKey {
	readonly key: string;
}

export class OpenCloudService implements Service {
	readonly name = "opencloud";
	readonly router = new Router();

	constructor(private readonly context: EmulatorContext) {}

	createKey(owner: RobloxUser, seed: OpenCloudKeySeed): OpenCloudKey {
		return { key: seed.key ?? this.context.ids.hex(64) };
	}

	describe(): JsonValue {
		return [];
	}
}
