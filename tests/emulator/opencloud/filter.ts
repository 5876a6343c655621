// The CEL subset ListGroupMemberships accepts (Roblox's "patterns" page):
//   with a group id:      user == 'users/123'   or   role == 'groups/1/roles/2'
//   with groups/-:        user in ['users/1', 'users/156']   (up to 50 users)
// Anything else is refused; the emulator does not guess at wider CEL support.

export type MembershipFilter =
	| { readonly kind: "user"; readonly userId: number }
	| { readonly kind: "role"; readonly groupId: number; readonly roleId: number }
	| { readonly kind: "users"; readonly userIds: ReadonlyArray<number> };

/** Either quote, as CEL allows. */
const QUOTED = "(['\"])";

function userIn(list: string): MembershipFilter | string {
	const userIds = new Array<number>();
	for (const item of list.split(",")) {
		const [, id] = item.match(`^%s*${QUOTED}users/(%d+)%1%s*$`);
		if (id === undefined) return `filter: each item of the list must be 'users/{user_id}', not "${item}"`;
		userIds.push(tonumber(id)!);
	}
	return { kind: "users", userIds };
}

/** The parsed filter, or a message saying why it is refused. */
export function parseMembershipFilter(text: string): MembershipFilter | string {
	const [, userId] = text.match(`^%s*user%s*==%s*${QUOTED}users/(%d+)%1%s*$`);
	if (userId !== undefined) return { kind: "user", userId: tonumber(userId)! };
	const [, groupId, roleId] = text.match(`^%s*role%s*==%s*${QUOTED}groups/(%d+)/roles/(%d+)%1%s*$`);
	if (groupId !== undefined && roleId !== undefined) return { kind: "role", groupId: tonumber(groupId)!, roleId: tonumber(roleId)! };
	const [list] = text.match("^%s*user%s+in%s*%[(.*)%]%s*$");
	if (list !== undefined) return userIn(list as string);
	return `filter: unsupported expression "${text}"; use user == 'users/{id}', role == 'groups/{id}/roles/{id}' or user in [...]`;
}
