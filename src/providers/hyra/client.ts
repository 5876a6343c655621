// Hyra Ranking's 7 published endpoints (https://ranking.hyra.io; documented at
// https://github.com/hyra-io/developer-docs/blob/fff9dcabc487/ranking/all-endpoints.md), one attempt
// each, arguments checked first and answers validated. Reads retry what can succeed on retry;
// writes are single attempts (the action queue decides how a rank change is retried, and a
// message is never sent twice). The token travels in bodies and paths, never in a header, so it
// cannot be a Secret: no message this client produces contains it.
import { HttpService } from "@rbxts/services";
import { Future } from "../../core/future";
import { QuotaInfo } from "../../core/quotaParking";
import { Gate } from "../../core/rateGate";
import { DEFAULT_RETRY, RetryPolicy, withRetry } from "../../core/retry";
import { RobloxScheduler, Scheduler } from "../../core/scheduler";
import * as check from "../../core/validate";
import { HttpTransport, RobloxHttpTransport } from "../../roblox/http";
import { RequestContext } from "../provider";
import { JsonApi, JsonCall } from "../jsonApi";
import { ErrorKind, RankError } from "../../core/errors";
import { redacted } from "../redact";
import { hyraError, PROVIDER, successFlag, UnconfirmedQuota } from "./errors";
import * as schema from "./schemas";
import { HyraLogEntry, HyraLogPage, HyraNewToken, HyraTokenInfo } from "./types";

export const HYRA_URL = "https://ranking.hyra.io";
/**
 * Hyra documents no per-minute limit. RankBridge keeps to 60 requests a minute per token (shared
 * by every server) so that a burst never hammers a service that may throttle without saying.
 */
export const HYRA_LIMIT = { limit: 60, windowSeconds: 60, marginSeconds: 1 };
/** Successful rank and message calls per token per day. */
export const HYRA_DAILY_LIMIT = 500;
/** Hyra ranks to 1-253 only. */
export const HYRA_MAX_RANK = 253;
/** Entries per page of GET /logs/{token}. */
export const HYRA_LOG_PAGE = 20;
/** Hyra's docs ask for this content type on POST and PUT. */
const CONTENT_TYPE = "text/json";

const DAY = 86400;
const RESET_OFFSET = 5 * 3600;

/** Unix seconds of the next 05:00 UTC (00:00 US Eastern standard time), when Hyra's daily quota resets. */
export function nextHyraReset(nowUnix: number): number {
	return (math.floor((nowUnix - RESET_OFFSET) / DAY) + 1) * DAY + RESET_OFFSET;
}

export interface HyraClientOptions extends RequestContext {
	token: string;
	groupId: number;
	baseUrl: string;
	gates: ReadonlyArray<Gate>;
}

function hyraApi(baseUrl: string, timeout: number, transport: HttpTransport, gates: ReadonlyArray<Gate>, scheduler: Scheduler): JsonApi {
	return new JsonApi({
		baseUrl,
		provider: PROVIDER,
		timeout,
		transport,
		gates,
		now: () => scheduler.now(),
		headers: () => ({}),
		contentType: CONTENT_TYPE,
		mapError: (response, body, what) => hyraError(response, body, what, scheduler.unixTime()),
		observe: (response) => {
			// Hyra documents no Retry-After; honour one if it ever sends it.
			const wait = tonumber(response.headers["retry-after"]);
			if (response.status === 429 && wait !== undefined) for (const gate of gates) gate.pause(wait);
		},
	});
}

/** One call, with Hyra's `Success: false` on a 200 treated as the failure it is (checked before the shape). */
function call<T>(api: JsonApi, request: JsonCall<T>, scheduler: Scheduler): Future<T> {
	const failed = (value: unknown) => successFlag(value) === false;
	const validate = (value: unknown): value is T => {
		if (failed(value)) return true;
		return request.validate(value);
	};
	return api.send({ ...request, validate }).andThen((body) => {
		if (failed(body)) throw hyraError({ status: 200, headers: {}, body: "" }, body, request.what, scheduler.unixTime());
		return body;
	});
}

/** The token as a path segment; refused, without showing it, if it cannot be one. */
function tokenPath(token: string): string {
	return HttpService.UrlEncode(check.pathSegment(token, "token", true));
}

export class HyraClient {
	/** Every value the token has had here (spin replaces it), all kept out of messages. */
	private readonly secrets = new Array<string>();
	private token: string;
	private readonly api: JsonApi;
	private readonly retry: RetryPolicy;

	constructor(private readonly options: HyraClientOptions) {
		this.token = check.nonEmptyString(options.token, "token");
		this.secrets.push(this.token);
		this.retry = options.retry ?? DEFAULT_RETRY;
		this.api = hyraApi(options.baseUrl, options.timeout, options.transport, options.gates, options.scheduler);
	}

	/** Runs `body`; whatever it raises comes back with the token redacted, in every encoding. */
	private run<T>(body: () => Future<T>): Future<T> {
		return Future.try(body).catch((raised) => {
			throw redacted(raised, this.secrets);
		});
	}

	/**
	 * A call that spends the daily quota, whose refusal Hyra worded as a spent quota: parked
	 * only if the token's usage (GET /token/{token}) says the 500 are spent. Otherwise it is
	 * retried later as a throttle, and the message says what the usage showed.
	 */
	private spend<T>(request: JsonCall<T>): Future<T> {
		return this.write(request).catch((raised: unknown) => {
			if (!(raised instanceof UnconfirmedQuota)) throw raised;
			const details = { status: raised.status, provider: PROVIDER };
			return this.tokenInfo().andThen(
				(info): never => {
					if (info.usage >= HYRA_DAILY_LIMIT) {
						throw new RankError(
							ErrorKind.QuotaExhausted,
							`${raised.message}. The token has used ${info.usage} of its ${HYRA_DAILY_LIMIT} rank and message calls today; they come back at 05:00 UTC.`,
							details,
						);
					}
					throw new RankError(
						ErrorKind.RateLimited,
						`${raised.message}. The token has used only ${info.usage} of ${HYRA_DAILY_LIMIT} calls today, so this is not the daily quota; trying again later.`,
						details,
					);
				},
				(probe): never => {
					throw new RankError(
						ErrorKind.RateLimited,
						`${raised.message}. Could not read the token's usage to confirm the daily quota is spent (${tostring(probe)}); trying again later.`,
						details,
					);
				},
			);
		});
	}

	private read<T>(request: JsonCall<T>): Future<T> {
		return withRetry(this.options.scheduler, this.retry, this.options.random, () => call(this.api, request, this.options.scheduler));
	}

	private write<T>(request: JsonCall<T>): Future<T> {
		return call(this.api, request, this.options.scheduler);
	}

	/** GET /token/{token}: the token's group, creation time, paid flag and today's usage. */
	tokenInfo(): Future<HyraTokenInfo> {
		return this.run(() =>
			this.read({ method: "GET", path: `/token/${tokenPath(this.token)}`, validate: schema.tokenInfo, what: "Hyra token info" }).andThen(
				(info) => ({
					groupId: schema.toNumber(info.groupId),
					created: info.created !== undefined ? schema.toUnixSeconds(info.created) : undefined,
					paid: info.paid,
					usage: schema.toNumber(info.usage),
				}),
			),
		);
	}

	/** When the daily quota resets and how much of it is left. */
	quota(): Future<QuotaInfo> {
		return this.tokenInfo().andThen((info) => ({
			resetsAt: nextHyraReset(this.options.scheduler.unixTime()),
			left: math.max(0, HYRA_DAILY_LIMIT - info.usage),
		}));
	}

	/** PUT /spin: gives the token a new value, which this client uses from then on. Resolves with it. */
	spin(): Future<string> {
		return this.run(() =>
			this.write({ method: "PUT", path: "/spin", body: { token: this.token }, validate: schema.spun, what: "Hyra spin token" }).andThen(
				(result) => {
					this.token = result.token;
					this.secrets.push(result.token);
					return result.token;
				},
			),
		);
	}

	/** DELETE /token/{token}: invalidates the token for good. */
	deleteToken(): Future<void> {
		return this.run(() =>
			this.write({ method: "DELETE", path: `/token/${tokenPath(this.token)}`, validate: schema.outcome, what: "Hyra delete token" }).andThen(
				() => undefined,
			),
		);
	}

	/** POST /rank: sets the member's rank number (1-253). Spends one of the 500 daily calls. */
	rank(userId: number, rankNumber: number): Future<void> {
		return this.run(() => {
			check.userId(userId);
			check.integerInRange(rankNumber, "rank", 1, HYRA_MAX_RANK);
			return this.spend({
				method: "POST",
				path: "/rank",
				body: { token: this.token, groupId: this.options.groupId, targetId: userId, rankNumber },
				validate: schema.outcome,
				what: "Hyra rank",
			}).andThen(() => undefined);
		});
	}

	/** POST /message: a Roblox message from the bot account. Spends one of the 500 daily calls. */
	message(userId: number, subject: string, message: string): Future<void> {
		return this.run(() => {
			check.userId(userId);
			const body = {
				token: this.token,
				targetId: userId,
				subject: check.nonEmptyString(subject, "subject"),
				message: check.nonEmptyString(message, "message"),
			};
			return this.spend({ method: "POST", path: "/message", body, validate: schema.outcome, what: "Hyra message" }).andThen(() => undefined);
		});
	}

	/** GET /logs/{token}: one page of rank logs, newest first, starting after the entry `index`. */
	logs(index?: string): Future<HyraLogPage> {
		return this.run(() => {
			if (index !== undefined) check.nonEmptyString(index, "index");
			return this.read({
				method: "GET",
				path: `/logs/${tokenPath(this.token)}`,
				query: { index },
				validate: schema.logPage,
				what: "Hyra logs",
			}).andThen((page) => {
				const entries = page.data.map((item): HyraLogEntry => ({
					id: item.id,
					userId: schema.toNumber(item.data.user),
					rankId: item.data.rankId !== undefined ? schema.toNumber(item.data.rankId) : undefined,
					groupId: item.data.groupId !== undefined ? schema.toNumber(item.data.groupId) : undefined,
					date: item.data.date !== undefined ? schema.toUnixSeconds(item.data.date) : undefined,
					type: item.data.type,
					country: item.data.country,
					ip: item.data.ip,
					ray: item.data.ray,
				}));
				// A full page may have more after it; a short one is the last.
				const last = entries[entries.size() - 1];
				return { entries, nextIndex: entries.size() >= HYRA_LOG_PAGE && last ? last.id : undefined };
			});
		});
	}

	/** Every page of `logs`, newest first, up to `maxPages` pages (default: all). */
	allLogs(maxPages?: number): Future<Array<HyraLogEntry>> {
		return this.run(() => {
			if (maxPages !== undefined) check.positiveInteger(maxPages, "maxPages");
			const all = new Array<HyraLogEntry>();
			const page = (index: string | undefined, pagesRead: number): Future<Array<HyraLogEntry>> =>
				this.logs(index).andThen((result) => {
					for (const entry of result.entries) all.push(entry);
					const more = result.nextIndex !== undefined && (maxPages === undefined || pagesRead + 1 < maxPages);
					return more ? page(result.nextIndex, pagesRead + 1) : all;
				});
			return page(undefined, 0);
		});
	}
}

export interface HyraTokenRequest {
	/** The bot account's .ROBLOSECURITY cookie. */
	cookie: string;
	/** The group the token will rank in; the bot account must be in it. */
	groupId: number;
	/** Default https://ranking.hyra.io. */
	baseUrl?: string;
	/** Seconds; default 15. */
	timeout?: number;
	/** A stand-in for HttpService (tests). */
	transport?: HttpTransport;
}

/**
 * POST /token: makes a Hyra ranking token from the bot account's .ROBLOSECURITY cookie.
 *
 * For developer tooling only (a Studio command-bar snippet, a plugin, a script on your own
 * machine). It must NEVER run in a game: a cookie is the bot account's password, and anything in
 * a place's scripts can leak. Run it once, put the token in your config, and log the cookie out.
 */
export function createHyraToken(request: HyraTokenRequest): Promise<HyraNewToken> {
	const cookie = typeIs(request, "table") && typeIs(request.cookie, "string") ? request.cookie : "";
	return Future.try(() => {
		check.record(request, "request");
		check.nonEmptyString(request.cookie, "cookie");
		const groupId = check.userId(request.groupId, "groupId");
		if (request.baseUrl !== undefined) check.nonEmptyString(request.baseUrl, "baseUrl");
		const scheduler = new RobloxScheduler();
		const transport = request.transport ?? new RobloxHttpTransport(scheduler);
		const api = hyraApi(request.baseUrl ?? HYRA_URL, request.timeout ?? 15, transport, [], scheduler);
		const body = { cookie: request.cookie, groupId };
		return call(api, { method: "POST", path: "/token", body, validate: schema.newToken, what: "Hyra create token" }, scheduler);
	})
		.andThen((result): HyraNewToken => ({
			token: result.token,
			username: result.username,
			userId: result.id !== undefined ? schema.toNumber(result.id) : undefined,
		}))
		.catch((raised) => {
			throw redacted(raised, [cookie]);
		})
		.toPromise();
}
