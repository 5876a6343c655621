import { ErrorKind, RankError } from "../../core/errors";
import { Provider, ProviderContext } from "../provider";

export interface OpenCloudSettings {
	/** The API key: Roblox only accepts a Secret in x-api-key from a game server. */
	key: Secret | string;
	groupId: number;
	baseUrl: string;
}

/** Roblox Open Cloud groups v2 (apis.roblox.com). */
export function createOpenCloudProvider(context: ProviderContext, settings: OpenCloudSettings): Provider {
	throw new RankError(ErrorKind.Unsupported, "the Open Cloud provider is not built yet");
}
