// What a standalone emulator prints when it starts: where it is, the keys, and what is seeded.
import type { Emulator, World } from "./index";

function pad(text: string, width: number): string {
	return text.size() >= width ? text : text + " ".rep(width - text.size());
}

export function banner(emulator: Emulator, world: World, url: string): string {
	const lines = new Array<string>();
	const push = (line = "") => lines.push(line);
	push(`RankBridge service emulator listening on ${url}`);
	push();
	push("Keys for this run:");
	push(`  RankGun API key     ${world.rankgun.key}   (x-api-key; workspace "${world.rankgun.name}", ${world.rankgun.tier})`);
	push(`  Hyra token          ${world.hyra.token}`);
	push(`  Open Cloud API key  ${world.openCloud.key}   (x-api-key; scopes ${world.openCloud.scopes.join(", ")})`);
	push();
	push(`Group ${world.group.id} "${world.group.name}" (owner ${world.owner.name}, ranking account ${world.bot.name}):`);
	const members = new Array<{ name: string; id: number; rank: number }>();
	for (const [userId] of world.group.members) {
		members.push({ name: emulator.roblox.user(userId).name, id: userId, rank: world.group.rankOf(userId) });
	}
	members.sort((a, b) => (a.rank !== b.rank ? a.rank > b.rank : a.id < b.id));
	for (const ladderRole of world.group.ladder()) {
		const holders = members.filter((entry) => entry.rank === ladderRole.rank).map((entry) => `${entry.name} (${entry.id})`);
		push(`  ${pad(tostring(ladderRole.rank), 4)}${pad(ladderRole.name, 14)}${holders.join(", ")}`);
	}
	const outside = members.filter((entry) => entry.rank < 254 && !world.rankgun.isStaff(entry.id)).map((entry) => entry.name);
	push(
		`RankGun workspace members: the group's members except ${outside.size() > 0 ? outside.join(", ") : "none"} (only members can be session actors or participants).`,
	);
	push();
	const byStatus = new Map<string, Array<string>>();
	for (const session of world.rankgun.sessions) {
		const titles = byStatus.get(session.status) ?? [];
		titles.push(`"${session.title}" ${session.id}`);
		byStatus.set(session.status, titles);
	}
	push("RankGun sessions:");
	for (const status of ["scheduled", "in_progress", "completed", "cancelled"]) {
		push(`  ${pad(status, 12)}${(byStatus.get(status) ?? []).join("; ")}`);
	}
	push(`Session types: ${world.rankgun.sessionTypes.map((sessionType) => `${sessionType.name} ${sessionType.id}`).join("; ")}`);
	push();
	push("Try:");
	push(`  curl -H "x-api-key: ${world.rankgun.key}" ${url}/api/workspace`);
	push(
		`  curl -X POST -H "x-api-key: ${world.rankgun.key}" -H "content-type: application/json" -d '{"userId":${members[members.size() - 1].id}}' ${url}/api/roblox/promote`,
	);
	push(`  curl ${url}/__emulator/state`);
	push(`  curl -X POST -d '{"errorCodes":true}' ${url}/__emulator/rankgun/behaviours   # answers the docs leave open (docs/assumptions.md)`);
	push("In a game script: RankBridge.new({ apiKey = <RankGun key>, baseUrl = <this URL> })");
	return lines.join("\n");
}
