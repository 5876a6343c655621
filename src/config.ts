import { ErrorKind, RankError } from "./core/errors";
import { Scheduler } from "./core/scheduler";
import * as check from "./core/validate";
import { RetryPolicy } from "./core/retry";
import { SharedStores } from "./core/stores";
import { MAX_READ_AGE } from "./roblox/freshRanks";
import { GroupDirectory } from "./roblox/groups";
import { HttpTransport } from "./roblox/http";

/**
 * The longest `timeout`: RequestAsync refuses one above its default request timeout, which Roblox
 * does not publish; 30 s is the figure commonly observed.
 */
export const MAX_TIMEOUT = 30;

/** How a game configures RankBridge. Only `secret` is needed for RankGun. */
export interface RankBridgeConfig {
	/** Which service ranks: "rankgun" (the default), "hyra" or "opencloud". */
	provider?: "rankgun" | "hyra" | "opencloud";
	/** The Roblox group to rank in (Hyra and Open Cloud; RankGun knows it from the key). */
	groupId?: number;
	/** Hyra's ranking token. It travels in request bodies, so it cannot be a Secret: keep it out of logs. */
	token?: string;
	/**
	 * Hyra and Open Cloud: the user id of the account that ranks (the Hyra bot, or the Open Cloud
	 * key's owner). Optional; with it, ranks that account cannot give (at or above its own, its
	 * own roles) are refused before a request or any quota is spent.
	 */
	botUserId?: number;
	/**
	 * The API key: the name of a secret in the experience's secrets store (recommended), or a
	 * Secret from HttpService:GetSecret.
	 */
	secret?: string | Secret;
	/**
	 * A plain-text key, only where no secrets store exists (automated tests, Studio without
	 * local secrets). RankBridge warns once when it is used.
	 */
	apiKey?: string;
	/** Where the service lives; set it to the emulator's URL to try RankBridge without a key. */
	baseUrl?: string;
	/** Whole seconds (1 to 30) to wait for an answer before treating the request as timed out. Default 15. */
	timeout?: number;
	/** The user id that session changes are attributed to when a call does not name an actor. */
	actor?: number;
	/**
	 * Where state shared by all servers lives: the rate budget, lanes and heartbeats (MemoryStore),
	 * the journal and done records (DataStore). Default: the engine's (off in Studio and unpublished
	 * places). `false`: this server only (no shared budget; work is lost if the server dies).
	 */
	stores?: SharedStores | false;
	/** Separates the shared state of bridges to different workspaces in one game. Default "default". */
	namespace?: string;
	/** On BindToClose, release unfinished work to the other servers. Default true. */
	bindToClose?: boolean;
	/** Adopt work that servers which died or shut down left. Default true (when there are shared stores). */
	drain?: boolean;
	/** Retry limits for actions. */
	retry?: Partial<RetryPolicy>;
	/** Seconds to let an unanswered request land before checking what it did. Default 5. */
	settleDelay?: number;
	/**
	 * Seconds GroupService may answer a rank read from a cache (Roblox does not say whether it
	 * caches GetGroupsAsync). After RankBridge changes a member (or sees another server did, or
	 * settles a send whose answer was lost), a read that could still come from a fetch made before
	 * that is made again once none of this server's earlier reads of the member could still be
	 * cached, unless it already shows the rank the change gave. 0 trusts every read. 0 to 30
	 * seconds. Default 30.
	 */
	rankCacheSeconds?: number;
	/** Advanced, for tests and benchmarks: stand-ins for HttpService, GroupService, the clock and randomness. */
	transport?: HttpTransport;
	groups?: GroupDirectory | false;
	scheduler?: Scheduler;
	random?: () => number;
	/** This server's id; default game.JobId. */
	serverId?: string;
}

const KNOWN_KEYS = new ReadonlySet([
	"provider",
	"groupId",
	"token",
	"botUserId",
	"secret",
	"apiKey",
	"baseUrl",
	"timeout",
	"actor",
	"stores",
	"namespace",
	"bindToClose",
	"drain",
	"retry",
	"settleDelay",
	"rankCacheSeconds",
	"transport",
	"groups",
	"scheduler",
	"random",
	"serverId",
]);

/** Checks a config table, naming any mistake. */
export function checkConfig(config: unknown): RankBridgeConfig {
	const fields = check.record(config, "RankBridge.new config");
	for (const [key] of pairs(fields)) {
		if (!KNOWN_KEYS.has(key as string)) {
			throw new RankError(ErrorKind.InvalidRequest, `RankBridge.new: unknown config field "${key}" (known: ${[...KNOWN_KEYS].join(", ")})`);
		}
	}
	const result = fields as RankBridgeConfig;
	if (result.provider !== undefined) check.oneOf(result.provider, "provider", ["rankgun", "hyra", "opencloud"]);
	if (result.groupId !== undefined) check.userId(result.groupId, "groupId");
	if (result.botUserId !== undefined) check.userId(result.botUserId, "botUserId");
	if (result.secret !== undefined && !typeIs(result.secret, "Secret") && !typeIs(result.secret, "string")) {
		throw new RankError(
			ErrorKind.InvalidRequest,
			`secret must be the name of a secret (a string) or a Secret from HttpService:GetSecret, got ${tostring(result.secret)}`,
		);
	}
	if (result.secret !== undefined && typeIs(result.secret, "string")) check.nonEmptyString(result.secret, "secret");
	if (result.apiKey !== undefined) check.nonEmptyString(result.apiKey, "apiKey");
	if (result.baseUrl !== undefined && check.nonEmptyString(result.baseUrl, "baseUrl").match("^https?://")[0] === undefined) {
		throw new RankError(ErrorKind.InvalidRequest, `baseUrl must start with http:// or https://, got "${result.baseUrl}"`);
	}
	// RequestAsync takes a Timeout in whole seconds, above zero and no greater than its default
	// (https://create.roblox.com/docs/reference/engine/classes/HttpService#RequestAsync).
	if (
		result.timeout !== undefined &&
		(!typeIs(result.timeout, "number") || result.timeout < 1 || result.timeout > MAX_TIMEOUT || result.timeout !== math.floor(result.timeout))
	) {
		throw new RankError(
			ErrorKind.InvalidRequest,
			`timeout must be a whole number of seconds from 1 to ${MAX_TIMEOUT} (HttpService's limit), got ${tostring(result.timeout)}`,
		);
	}
	if (result.actor !== undefined) check.userId(result.actor, "actor");
	const cache = result.rankCacheSeconds;
	if (cache !== undefined && (!typeIs(cache, "number") || !(cache >= 0 && cache <= MAX_READ_AGE))) {
		throw new RankError(
			ErrorKind.InvalidRequest,
			`rankCacheSeconds must be a number of seconds from 0 to ${MAX_READ_AGE}, got ${tostring(cache)}`,
		);
	}
	// The namespace (after "opencloud/") is a DataStore scope, which may be 50 characters.
	if (result.namespace !== undefined && check.nonEmptyString(result.namespace, "namespace").size() > 40) {
		throw new RankError(
			ErrorKind.InvalidRequest,
			`namespace must be at most 40 characters, got ${result.namespace.size()}: it names the bridge's DataStore scope`,
		);
	}
	return result;
}
