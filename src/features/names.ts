// Finding the player an admin means from what they typed: the start of a name or display
// name, in any case, among the players in this server.
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
 * Players whose name or display name is `typed` (any case, an optional leading @), or else
 * starts with it. An exact name wins over longer names it is the start of.
 */
export function playersMatching(typed: string): Array<Player> {
	const [wanted] = typed.lower().gsub("^@", "");
	if (wanted === "") return [];
	const players = Players.GetPlayers();
	const exact = players.filter((player) => player.Name.lower() === wanted || player.DisplayName.lower() === wanted);
	if (exact.size() > 0) return exact;
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
	if (matches.size() === 1) return matches[0];
	if (matches.size() === 0) {
		const everyone = Players.GetPlayers();
		const here = everyone.size() > 0 ? ` Players here: ${listPlayers(everyone)}.` : "";
		return refuse("UnknownPlayer", `No player in this server matches "${typed}".${here}`);
	}
	return refuse("AmbiguousPlayer", `"${typed}" matches ${matches.size()} players: ${listPlayers(matches)}. Type more of the name.`);
}

export function isPlayer(value: Player | Reply): value is Player {
	return typeIs(value, "Instance");
}
