import { Future } from "./future";

/**
 * Every failure RankBridge reports is a `RankError`: a value with a `kind` to branch on, a
 * message that says what to fix, and, when a service answered, its HTTP status and `code`.
 * Promises (and the library's Futures) reject with it; `tostring(err)` gives "RankBridge <kind>: <message>".
 */
const KINDS = {
	/** The service throttled the request (HTTP 429) or this server's HTTP budget ran out. */
	RateLimited: "RateLimited",
	/** A usage quota is spent (RankGun's monthly rank actions, Hyra's daily invocations). */
	QuotaExhausted: "QuotaExhausted",
	/** The API key or token is missing, unknown or revoked. */
	InvalidKey: "InvalidKey",
	/** The key is valid but may not do this (deactivated workspace, missing scope, rank guard). */
	Forbidden: "Forbidden",
	/** The user is not a member of the group. */
	NotInGroup: "NotInGroup",
	/** The rank is not in the group, not assignable, or already the top/bottom of the ladder. */
	RankOutOfRange: "RankOutOfRange",
	/** An argument is wrong; the message names it. */
	InvalidRequest: "InvalidRequest",
	/** The session, participant, record or form does not exist (or belongs to another workspace). */
	NotFound: "NotFound",
	/** The change conflicts with the current state (e.g. the participant is already on the session). */
	Conflict: "Conflict",
	/** The feature needs a paid plan (RankGun Elite). */
	UpgradeRequired: "UpgradeRequired",
	/** The configured provider does not offer this feature. */
	Unsupported: "Unsupported",
	/** The service failed (5xx); trying again later may work. */
	Transient: "Transient",
	/** No answer within the timeout; the request may or may not have taken effect. */
	Timeout: "Timeout",
	/** The connection could not be made or broke. */
	ConnectionFailed: "ConnectionFailed",
	/** HttpService.HttpEnabled is off for this experience. */
	HttpDisabled: "HttpDisabled",
	/** The named secret is not in the experience's secrets store. */
	SecretMissing: "SecretMissing",
	/** This server is shutting down and took no new work; its unfinished work is finished by another server. */
	ShuttingDown: "ShuttingDown",
	/** The service answered with something that is not the documented shape. */
	InvalidResponse: "InvalidResponse",
	/** Anything else. */
	Unknown: "Unknown",
} as const;

export type ErrorKind = (typeof KINDS)[keyof typeof KINDS];

function knownKinds(): string {
	const names = new Array<string>();
	for (const [name] of pairs(KINDS)) names.push(name);
	names.sort();
	return names.join(", ");
}

/**
 * Every kind, e.g. `ErrorKind.NotInGroup`. Reading a kind that does not exist raises, naming the
 * known ones: in Luau a misspelt `ErrorKind.NotInGropu` would otherwise be nil, and
 * `RankError.is(err, nil)` is true for every RankError.
 */
export const ErrorKind = setmetatable(KINDS, {
	__index: (_, key) => error(`RankBridge.ErrorKind has no kind "${tostring(key)}" (known: ${knownKinds()})`, 2),
}) as typeof KINDS;

export interface RankErrorDetails {
	/** HTTP status, when a service answered. */
	status?: number;
	/** The service's machine code (RankGun `code`, Open Cloud `code`), when it sent one. */
	code?: string;
	/** Which service answered. */
	provider?: string;
	/** Seconds the service asked us to wait (Retry-After), when it said. */
	retryAfter?: number;
}

export class RankError {
	readonly status?: number;
	readonly code?: string;
	readonly provider?: string;
	readonly retryAfter?: number;

	constructor(
		readonly kind: ErrorKind,
		readonly message: string,
		details: RankErrorDetails = {},
	) {
		this.status = details.status;
		this.code = details.code;
		this.provider = details.provider;
		this.retryAfter = details.retryAfter;
	}

	/**
	 * True if `value` is a RankError, optionally of the given kind. A function-valued field, not
	 * a method, so that Luau calls it with a dot: `RankBridge.RankError.is(err, kind)`. A kind
	 * that does not exist raises instead of matching nothing.
	 */
	static readonly is = (value: unknown, kind?: ErrorKind): value is RankError => {
		if (kind !== undefined && (!typeIs(kind, "string") || rawget(KINDS, kind) === undefined)) {
			error(`RankError.is: ${typeIs(kind, "string") ? `"${kind}"` : tostring(kind)} is not an error kind (known: ${knownKinds()})`, 2);
		}
		return value instanceof RankError && (kind === undefined || value.kind === kind);
	};

	toString() {
		return `RankBridge ${this.kind}: ${this.message}`;
	}
}

/** A rejection saying the configured provider cannot do `what`. */
export function unsupported<T>(provider: string, what: string): Future<T> {
	return Future.rejected<T>(new RankError(ErrorKind.Unsupported, `${provider} does not offer ${what}.`));
}

/** Wraps anything thrown into a RankError, keeping RankErrors as they are. */
export function toRankError(value: unknown): RankError {
	if (RankError.is(value)) return value;
	return new RankError(ErrorKind.Unknown, tostring(value));
}
