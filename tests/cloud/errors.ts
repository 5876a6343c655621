// The errors the stand-ins raise, by the names and messages Roblox documents. The docs give each
// error's name (MemoryStore's status codes; DataStore's error codes and names) and its message,
// but not the exact text the engine's error carries; the stand-ins raise "<name>: <message>" for
// MemoryStore and "<code>: <message>" for DataStore (or "<name>: <message>" where the docs give
// no number), so a caller finds the name or the number in the text, as it must in a game.

// https://create.roblox.com/docs/cloud-services/memory-stores (the two status code tables)
const MEMORY_STORE_MESSAGES = {
	DataStructureMemoryOverLimit: "Exceeds data structure level memory size limit (100MB).",
	DataUpdateConflict: "Conflict due to concurrent update.",
	InternalError: "Internal error.",
	InvalidRequest: "The request doesn't have required information or has malformed information.",
	DataStructureItemsOverLimit: "Exceeds data structure level item count limit (1M).",
	PartitionRequestsOverLimit: "Exceeds partition request unit limit.",
	TotalRequestsOverLimit: "Exceeds universe-level request unit limit.",
	TotalMemoryOverLimit: "Exceeds universe-level memory quota.",
	ItemValueSizeTooLarge: "Value size exceeds limit (32KB).",
	InvalidClientAccess: "MemoryStoreService must be called from server.",
	InvalidExpirationTime: "The field 'expiration' time must be between 0 and 3,888,000.",
	TransformCallbackFailed: "Failed to invoke transformation callback function.",
	RequestThrottled: "Recent MemoryStores requests hit one or more limits.",
	UpdateConflict: "Exceeded max number of retries.",
} as const;

export type MemoryStoreErrorName = keyof typeof MEMORY_STORE_MESSAGES;

/**
 * The text of a MemoryStore error; `detail` says what exactly was wrong (e.g. which limit). A
 * name the docs do not list (a spec's own fault) gets no message.
 */
export function memoryStoreErrorText(name: MemoryStoreErrorName | string, detail?: string): string {
	const message = (MEMORY_STORE_MESSAGES[name as MemoryStoreErrorName] as string | undefined) ?? "";
	const suffix = detail !== undefined ? ` (${detail})` : "";
	return `${name}: ${message}${suffix}`;
}

// https://create.roblox.com/docs/cloud-services/data-stores/error-codes-and-limits (Error code
// reference; Server error codes). "X" in a message is filled in by the caller.
const DATA_STORE_MESSAGES = {
	KeyNameEmpty: [101, "Key name can't be empty."],
	KeyNameLimit: [102, "Key name exceeds the 50 character limit."],
	ValueNotAllowed: [103, "Can't allow X in DataStore."],
	CantStoreValue: [104, "Can't store X in DataStore."],
	ValueTooLarge: [105, "Serialized value exceeds X limit."],
	GetAsyncThrottle: [301, "GetAsync request dropped. Request was throttled but queue was full."],
	SetAsyncThrottle: [302, "SetAsync request dropped. Request was throttled but queue was full."],
	UpdateAsyncThrottle: [304, "UpdateAsync request dropped. Request was throttled but queue was full."],
	RemoveAsyncThrottle: [306, "RemoveAsync request dropped. Request was throttled but queue was full."],
	InternalServerError: [undefined, "An internal server error occurred."],
	KeyThrottled: [undefined, "The request rate exceeds the allowed maximum for the key."],
	StandardReadExperienceThrottled: [undefined, "The standard read request rate exceeds the allowed maximum for the experience."],
	StandardWriteExperienceThrottled: [undefined, "The standard write request rate exceeds the allowed maximum for the experience."],
	StandardListExperienceThrottled: [undefined, "The standard list request rate exceeds the allowed maximum for the experience."],
	StandardRemoveExperienceThrottled: [undefined, "The standard remove request rate exceeds the allowed maximum for the experience."],
} as const;

export type DataStoreErrorName = keyof typeof DATA_STORE_MESSAGES;

/** The text of a DataStore error, with `x` in place of the message's X (a name the docs do not list gets no message). */
export function dataStoreErrorText(name: DataStoreErrorName | string, x = ""): string {
	const known = DATA_STORE_MESSAGES[name as DataStoreErrorName] as (typeof DATA_STORE_MESSAGES)[DataStoreErrorName] | undefined;
	if (known === undefined) return `${name}: a fault a spec switched on`;
	const [code, message] = known;
	return `${code ?? name}: ${message.gsub("X", x)[0]}`;
}

/** The error name at the start of a stand-in's error text, for figures. */
export function errorName(text: string): string {
	const [name] = text.match("^(%w+):") as LuaTuple<[string?]>;
	if (name === undefined) return "Unknown";
	const code = tonumber(name);
	if (code === undefined) return name;
	for (const [candidate, [number]] of pairs(DATA_STORE_MESSAGES)) if (number === code) return candidate;
	return name;
}
