const MONTHS: Record<string, number> = { Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12 };

/**
 * Seconds to wait from a Retry-After header (RFC 9110 §10.2.3): either delay-seconds ("120")
 * or an HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT"), given the current Unix time.
 * Undefined if absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, nowUnix: number): number | undefined {
	if (value === undefined) return undefined;
	const seconds = tonumber(value.match("^%s*(%d+%.?%d*)%s*$")[0]);
	if (seconds !== undefined) return seconds;
	// eslint-disable-next-line roblox-ts/no-user-defined-lua-tuple -- string.match's captures, typed
	const [day, month, year, hour, minute, second] = value.match("(%d+) (%a+) (%d+) (%d+):(%d+):(%d+)") as unknown as LuaTuple<
		[string?, string?, string?, string?, string?, string?]
	>;
	const monthNumber = month !== undefined ? MONTHS[month] : undefined;
	if (day === undefined || monthNumber === undefined) return undefined;
	const [ok, moment] = pcall(() =>
		DateTime.fromUniversalTime(tonumber(year), monthNumber, tonumber(day), tonumber(hour), tonumber(minute), tonumber(second)),
	);
	if (!ok) return undefined;
	return math.max(0, moment.UnixTimestamp - nowUnix);
}
