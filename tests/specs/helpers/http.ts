// Raw HTTP to the emulator, for specs that check what the services answer on the wire.
import { HttpService } from "@rbxts/services";
import { Harness } from "./harness";

export interface WireResponse {
	status: number;
	headers: Record<string, string>;
	/** The decoded JSON body, or undefined if the body is empty or not JSON. */
	json: unknown;
	body: string;
}

export interface WireRequest {
	headers?: Record<string, string | Secret>;
	/** A table is sent as JSON with content-type application/json; a string as is. */
	body?: object | string;
	query?: Record<string, string | number>;
	timeout?: number;
}

function queryString(query: Record<string, string | number> | undefined): string {
	if (!query) return "";
	const parts = new Array<string>();
	for (const [name, value] of pairs(query)) {
		parts.push(`${HttpService.UrlEncode(name as string)}=${HttpService.UrlEncode(tostring(value))}`);
	}
	parts.sort();
	return parts.size() > 0 ? `?${parts.join("&")}` : "";
}

/** Sends one request to the emulator over HTTP on 127.0.0.1 and decodes the answer. */
export function wire(method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", path: string, request: WireRequest = {}): WireResponse {
	const headers: Record<string, string | Secret> = {};
	if (request.headers) for (const [name, value] of pairs(request.headers)) headers[name as string] = value;
	let body: string | undefined;
	if (typeIs(request.body, "string")) body = request.body;
	else if (request.body !== undefined) {
		body = HttpService.JSONEncode(request.body);
		if (headers["content-type"] === undefined && headers["Content-Type"] === undefined) headers["content-type"] = "application/json";
	}
	const response = HttpService.RequestAsync({
		Url: `${Harness.emulatorUrl}${path}${queryString(request.query)}`,
		Method: method,
		Headers: headers,
		Body: body,
		Timeout: request.timeout ?? 10,
	} as RequestAsyncRequest);
	const [ok, json] = pcall(() => HttpService.JSONDecode(response.Body));
	return { status: response.StatusCode, headers: response.Headers, json: ok ? json : undefined, body: response.Body };
}
