import { ErrorKind, RankError } from "../../core/errors";
import { Provider, ProviderContext } from "../provider";

export interface HyraSettings {
	/** Hyra's ranking token. It travels in request bodies and paths, so it cannot be a Secret. */
	token: string;
	groupId: number;
	baseUrl: string;
}

/** Hyra Ranking (ranking.hyra.io). */
export function createHyraProvider(context: ProviderContext, settings: HyraSettings): Provider {
	throw new RankError(ErrorKind.Unsupported, "the Hyra provider is not built yet");
}
