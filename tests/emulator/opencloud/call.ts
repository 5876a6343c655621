// What an Open Cloud handler receives once the gateway let the request through.
import { EmulatorResponse, RouteContext } from "../http";
import { Group, RobloxWorld } from "../roblox";
import { cloudError } from "./errors";
import { OpenCloudKey } from "./keys";
import { groupById } from "./resources";

export interface CloudCall extends RouteContext {
	readonly key: OpenCloudKey;
	readonly roblox: RobloxWorld;
}

export type CloudHandler = (call: CloudCall) => EmulatorResponse;

/** The group a `{group_id}` path segment names, or the error to answer with. */
export function resolveGroup(call: CloudCall, id: string): Group | EmulatorResponse {
	if (id.match("^%d+$")[0] === undefined) return cloudError("INVALID_ARGUMENT", `"${id}" is not a valid group id`);
	return groupById(call.roblox.groups, id) ?? cloudError("NOT_FOUND", `Group ${id} not found`);
}
