// Turns an error MemoryStoreService or DataStoreService raised into a RankError whose `code` is
// the engine's error name. Roblox documents the names (and DataStore's numbers) but not the
// exact text of the raised error, so the name is looked for anywhere in the text, and a leading
// DataStore number stands for its name.
// https://create.roblox.com/docs/cloud-services/memory-stores (status codes)
// https://create.roblox.com/docs/cloud-services/data-stores/error-codes-and-limits
import { ErrorKind, RankError } from "../core/errors";

const KINDS: Record<string, ErrorKind> = {
	// Throttled: trying again later works.
	TotalRequestsOverLimit: ErrorKind.RateLimited,
	PartitionRequestsOverLimit: ErrorKind.RateLimited,
	DataStructureRequestsOverLimit: ErrorKind.RateLimited,
	RequestThrottled: ErrorKind.RateLimited,
	GetAsyncThrottle: ErrorKind.RateLimited,
	SetAsyncThrottle: ErrorKind.RateLimited,
	IncreAsyncThrottle: ErrorKind.RateLimited,
	UpdateAsyncThrottle: ErrorKind.RateLimited,
	TransformThrottle: ErrorKind.RateLimited,
	GetSortedThrottle: ErrorKind.RateLimited,
	RemoveAsyncThrottle: ErrorKind.RateLimited,
	KeyThrottled: ErrorKind.RateLimited,
	DatastoreThrottled: ErrorKind.RateLimited,
	StandardReadExperienceThrottled: ErrorKind.RateLimited,
	StandardWriteExperienceThrottled: ErrorKind.RateLimited,
	StandardListExperienceThrottled: ErrorKind.RateLimited,
	StandardRemoveExperienceThrottled: ErrorKind.RateLimited,
	StandardReadGameServerThrottled: ErrorKind.RateLimited,
	StandardWriteGameServerThrottled: ErrorKind.RateLimited,
	StandardListGameServerThrottled: ErrorKind.RateLimited,
	StandardRemoveGameServerThrottled: ErrorKind.RateLimited,
	// The service failed or lost a race; trying again may work.
	InternalError: ErrorKind.Transient,
	InternalServerError: ErrorKind.Transient,
	RequestRejected: ErrorKind.Transient,
	DataUpdateConflict: ErrorKind.Transient,
	UpdateConflict: ErrorKind.Transient,
	// Memory is full: writes that grow it fail until items expire or are removed.
	TotalMemoryOverLimit: ErrorKind.QuotaExhausted,
	DataStructureMemoryOverLimit: ErrorKind.QuotaExhausted,
	DataStructureItemsOverLimit: ErrorKind.QuotaExhausted,
	// The request itself is wrong (a key, value or expiration out of the limits): never retried.
	InvalidRequest: ErrorKind.InvalidRequest,
	ItemValueSizeTooLarge: ErrorKind.InvalidRequest,
	InvalidExpirationTime: ErrorKind.InvalidRequest,
	TransformCallbackFailed: ErrorKind.InvalidRequest,
	KeyNameEmpty: ErrorKind.InvalidRequest,
	KeyNameLimit: ErrorKind.InvalidRequest,
	ValueNotAllowed: ErrorKind.InvalidRequest,
	CantStoreValue: ErrorKind.InvalidRequest,
	ValueTooLarge: ErrorKind.InvalidRequest,
	AttributeSizeTooLarge: ErrorKind.InvalidRequest,
	// Not allowed here (a client, an unpublished place, Studio without API access).
	AccessDenied: ErrorKind.Forbidden,
	InvalidClientAccess: ErrorKind.Forbidden,
	UnpublishedPlace: ErrorKind.Forbidden,
	StudioAccessToApisNotAllowed: ErrorKind.Forbidden,
	OperationNotAllowed: ErrorKind.Forbidden,
	// The server is shutting down.
	DataModelNoAccess: ErrorKind.ShuttingDown,
	LuaWebSrvsNoAccess: ErrorKind.ShuttingDown,
};

// DataStore's numbered errors; 304 and 106 name two errors each, the first stands for both.
const DATA_STORE_NUMBERS: Record<number, string> = {
	101: "KeyNameEmpty",
	102: "KeyNameLimit",
	103: "ValueNotAllowed",
	104: "CantStoreValue",
	105: "ValueTooLarge",
	301: "GetAsyncThrottle",
	302: "SetAsyncThrottle",
	303: "IncreAsyncThrottle",
	304: "UpdateAsyncThrottle",
	305: "GetSortedThrottle",
	306: "RemoveAsyncThrottle",
	401: "DataModelNoAccess",
	402: "LuaWebSrvsNoAccess",
	403: "StudioAccessToApisNotAllowed",
	404: "InternalError",
	501: "InternalError",
	502: "RequestRejected",
	503: "InternalError",
	504: "InternalError",
	505: "InternalError",
	509: "OperationNotAllowed",
	511: "AttributeSizeTooLarge",
};

/** The engine's error name in `text`, if it carries one. */
export function cloudErrorName(text: string): string | undefined {
	const [number] = text.match("^%s*(%d%d%d)%f[%D]");
	const code = tonumber(number);
	if (code !== undefined && DATA_STORE_NUMBERS[code] !== undefined) return DATA_STORE_NUMBERS[code];
	let found: string | undefined;
	let at = math.huge;
	for (const [name] of pairs(KINDS)) {
		const [start] = text.find(`%f[%w]${name}%f[%W]`);
		if (start !== undefined && start < at) {
			found = name;
			at = start;
		}
	}
	return found;
}

/**
 * A RankError for what `service`'s `method` raised: RateLimited for throttling, Transient for
 * internal errors and conflicts (and anything unrecognised), QuotaExhausted for full memory,
 * InvalidRequest for keys, values and expirations outside the limits, Forbidden, ShuttingDown.
 */
export function cloudError(service: "MemoryStore" | "DataStore", method: string, raised: unknown): RankError {
	if (RankError.is(raised)) return raised;
	const text = tostring(raised).split("\n")[0];
	const code = cloudErrorName(text);
	const kind = (code !== undefined ? KINDS[code] : undefined) ?? ErrorKind.Transient;
	return new RankError(kind, `${service} ${method} failed: ${text}`, { code });
}
