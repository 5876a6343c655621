import { HttpService } from "@rbxts/services";
import { encodeJson, JsonValue } from "./json";

export interface EmulatorRequest {
	method: string;
	/** Path without the query string, e.g. "/api/sessions/k7x". */
	path: string;
	query: Record<string, string | undefined>;
	/** Header names in lower case. */
	headers: Record<string, string | undefined>;
	body: string;
}

export interface EmulatorResponse {
	status: number;
	headers: Record<string, string>;
	body: string;
	/**
	 * Seconds the transport must sit on this response before answering (a "hang" fault).
	 * Over HTTP the server waits; an in-process transport reports a timeout instead.
	 */
	hangSeconds?: number;
}

export type Params = Record<string, string>;

export interface RouteContext {
	request: EmulatorRequest;
	params: Params;
	/** Unix seconds, from the emulator's clock. */
	now: number;
}

export type Handler = (context: RouteContext) => EmulatorResponse;

interface Route {
	method: string;
	parts: Array<string>;
	handler: Handler;
}

function split(path: string): Array<string> {
	return path.split("/").filter((part) => part !== "");
}

/** A path segment with its %XX escapes decoded, as a web framework hands route params over. */
function decodeSegment(segment: string): string {
	const [decoded] = segment.gsub("%%(%x%x)", (hex: string) => string.char(tonumber(hex, 16)!));
	return decoded;
}

/** Method + path-pattern routing; ":name" segments become params (decoded). */
export class Router {
	private readonly routes = new Array<Route>();

	add(method: string, pattern: string, handler: Handler) {
		this.routes.push({ method, parts: split(pattern), handler });
		return this;
	}

	/** The handler and params for a request, or undefined if no route matches the path. */
	match(request: EmulatorRequest): { handler: Handler; params: Params } | "methodNotAllowed" | undefined {
		const parts = split(request.path);
		let pathMatched = false;
		for (const route of this.routes) {
			if (route.parts.size() !== parts.size()) continue;
			const params: Params = {};
			let ok = true;
			route.parts.forEach((part, i) => {
				if (!ok) return;
				if (part.sub(1, 1) === ":") params[part.sub(2)] = decodeSegment(parts[i]);
				else if (part !== parts[i]) ok = false;
			});
			if (!ok) continue;
			pathMatched = true;
			if (route.method === request.method) return { handler: route.handler, params };
		}
		return pathMatched ? "methodNotAllowed" : undefined;
	}
}

export function jsonResponse(status: number, body: JsonValue, headers?: Record<string, string>): EmulatorResponse {
	const merged: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
	if (headers) for (const [name, value] of pairs(headers)) merged[name] = value;
	return { status, headers: merged, body: encodeJson(body) };
}

/** The request body as a JSON object, or undefined if it is absent or not a JSON object. */
export function readJsonObject(request: EmulatorRequest): Record<string, unknown> | undefined {
	if (request.body === "") return undefined;
	const [ok, value] = pcall(() => HttpService.JSONDecode(request.body));
	if (!ok || !typeIs(value, "table")) return undefined;
	return value as Record<string, unknown>;
}

/** A header by case-insensitive name. */
export function header(request: EmulatorRequest, name: string): string | undefined {
	const wanted = name.lower();
	for (const [key, value] of pairs(request.headers)) {
		if ((key as string).lower() === wanted) return value;
	}
	return undefined;
}
