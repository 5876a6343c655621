// Finding the player an admin means from what they typed: a username, or the start of a
// username or display name, in any case, among the players in this server.
import { Players } from "@rbxts/services";
import { refuse, Reply } from "./commandTypes";

/** "Name" when the display name is the same, else "Name (DisplayName)". */
export function playerLabel(player: Player): string {
	return player.DisplayName === player.Name ? player.Name : `${player.Name} (${player.DisplayName})`;
}

function startsWith(text: string, prefix: string): boolean {
	return text.sub(1, prefix.size()) === prefix;
}

/**
 * Players `typed` may mean (any case, an optional leading @): the one whose username it is, or
 * else everyone whose username or display name starts with it. A display name is no proof of
 * who someone is (anyone can take any display name), so one that matches `typed` exactly wins
 * nothing: it is one candidate among the rest, and if that player's username does not also
 * start with `typed`, the match is ambiguous (see resolvePlayer).
 */
export function playersMatching(typed: string): Array<Player> {
	const [wanted] = typed.lower().gsub("^@", "");
	if (wanted === "") return [];
	const players = Players.GetPlayers();
	const byName = players.filter((player) => player.Name.lower() === wanted);
	if (byName.size() > 0) return byName;
	return players.filter((player) => startsWith(player.Name.lower(), wanted) || startsWith(player.DisplayName.lower(), wanted));
}

/** Up to `limit` labels, then "and N more". */
export function listPlayers(players: ReadonlyArray<Player>, limit = 8): string {
	const labels = players.map(playerLabel);
	labels.sort();
	if (labels.size() <= limit) return labels.join(", ");
	const shown = new Array<string>();
	for (let i = 0; i < limit; i++) shown.push(labels[i]);
	return `${shown.join(", ")} and ${labels.size() - limit} more`;
}

/** The one player `typed` names, or the refusal to show. */
export function resolvePlayer(typed: string): Player | Reply {
	const matches = playersMatching(typed);
	const [wanted] = typed.lower().gsub("^@", "");
	const byDisplayName = matches.filter((player) => player.DisplayName.lower() === wanted && !startsWith(player.Name.lower(), wanted));
	if (matches.size() === 1 && byDisplayName.size() === 0) return matches[0];
	if (matches.size() === 0) {
		const everyone = Players.GetPlayers();
		const here = everyone.size() > 0 ? ` Players here: ${listPlayers(everyone)}.` : "";
		return refuse("UnknownPlayer", `No player in this server matches "${typed}".${here}`);
	}
	if (byDisplayName.size() > 0) {
		return refuse(
			"AmbiguousPlayer",
			`"${typed}" is the display name of ${listPlayers(byDisplayName)}, and display names prove nothing: type the username (${listPlayers(matches)}).`,
		);
	}
	return refuse("AmbiguousPlayer", `"${typed}" matches ${matches.size()} players: ${listPlayers(matches)}. Type more of the name.`);
}

export function isPlayer(value: Player | Reply): value is Player {
	return typeIs(value, "Instance");
}
