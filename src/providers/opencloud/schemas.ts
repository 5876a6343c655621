// Open Cloud groups v2 response shapes (https://create.roblox.com/docs/cloud/reference/features/groups), checked with @rbxts/t. Open interfaces:
// Roblox adds fields to beta APIs.
import { t } from "@rbxts/t";

const optionalString = t.optional(t.string);

export const group = t.interface({
	path: t.string,
	id: t.string,
	displayName: t.string,
	description: optionalString,
	owner: optionalString,
	memberCount: t.optional(t.number),
	publicEntryAllowed: t.optional(t.boolean),
	locked: t.optional(t.boolean),
	verified: t.optional(t.boolean),
	createTime: optionalString,
	updateTime: optionalString,
});

export const role = t.interface({
	path: t.string,
	id: t.string,
	displayName: t.string,
	rank: t.number,
	description: optionalString,
	memberCount: t.optional(t.number),
	permissions: t.optional(t.map(t.string, t.boolean) as unknown as t.check<Record<string, boolean>>),
	createTime: optionalString,
	updateTime: optionalString,
});

export const rolePage = t.interface({ groupRoles: t.optional(t.array(role)), nextPageToken: optionalString });

export const membership = t.interface({
	path: t.string,
	user: t.string,
	role: optionalString,
	roles: t.optional(t.array(t.string)),
	createTime: optionalString,
	updateTime: optionalString,
});

export const membershipPage = t.interface({ groupMemberships: t.optional(t.array(membership)), nextPageToken: optionalString });
