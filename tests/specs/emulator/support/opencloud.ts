// Open Cloud over the wire as a game server must call it: the key travels as a Secret in
// x-api-key (the harness refuses a plain string there), with no other header but content-type.
import { HttpService } from "@rbxts/services";
import { Harness } from "../../helpers/harness";
import { wire, WireResponse } from "../../helpers/http";

export interface CloudGroup {
	path: string;
	id: string;
	displayName: string;
	description: string;
	owner?: string;
	memberCount: number;
	publicEntryAllowed: boolean;
	locked: boolean;
	verified: boolean;
	createTime: string;
	updateTime: string;
}

export interface CloudRole {
	path: string;
	id: string;
	displayName: string;
	description?: string;
	rank: number;
	memberCount?: number;
	permissions?: Record<string, boolean>;
	createTime?: string;
	updateTime?: string;
}

export interface CloudMembership {
	path: string;
	createTime: string;
	updateTime: string;
	user: string;
	role: string;
	roles: Array<string>;
}

export interface CloudError {
	code: string;
	message: string;
}

export interface GatewayError {
	errors: Array<{ code: number; message: string }>;
}

export interface RolePage {
	groupRoles: Array<CloudRole>;
	nextPageToken?: string;
}

export interface MembershipPage {
	groupMemberships: Array<CloudMembership>;
	nextPageToken?: string;
}

export interface CloudRequest {
	body?: object;
	query?: Record<string, string | number>;
}

/** Sends one Open Cloud request with `key` (or none) as the x-api-key Secret. */
export function cloud(method: "GET" | "POST" | "PATCH", path: string, key: string | undefined, request: CloudRequest = {}): WireResponse {
	const headers: Record<string, string | Secret> = {};
	if (key !== undefined) {
		Harness.setSecret("oc", key);
		headers["x-api-key"] = HttpService.GetSecret("oc");
	}
	return wire(method, path, { headers, body: request.body, query: request.query });
}

/** The v2 error code of a response. */
export function errorCode(response: WireResponse): string | undefined {
	return (response.json as CloudError | undefined)?.code;
}

/** True for an RFC 3339 UTC timestamp. */
export function isRfc3339(text: unknown): boolean {
	return typeIs(text, "string") && text.match("^%d%d%d%d%-%d%d%-%d%dT%d%d:%d%d:%d%d%.?%d*Z$")[0] !== undefined;
}

/** A ladder of `count` roles besides Guest and Owner, for paging; ranks 1..count. */
export function longLadder(count: number): Array<{ name: string; rank: number }> {
	const ladder = [{ name: "Guest", rank: 0 }];
	for (let rank = 1; rank <= count; rank++) ladder.push({ name: `Rank ${rank}`, rank });
	ladder.push({ name: "Owner", rank: 255 });
	return ladder;
}
