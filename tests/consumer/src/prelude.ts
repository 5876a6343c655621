// The names the README's TypeScript snippets assume, as a game would have them: the players
// `admin` (JordanPike, an Officer of the demo group and a member of its RankGun workspace) and
// `player` (CaseyMarsh, a Private), `userId` (the player's), and a `bridge` made as the README
// makes one. The secret "RankGunKey" holds the demo workspace's key.
import { Players } from "@rbxts/services";
import RankBridge from "@rbxts/rankbridge";

function playerNamed(name: string): Player {
	const found = Players.FindFirstChild(name);
	if (found === undefined || !found.IsA("Player")) error(`the README prelude needs ${name} in the server`);
	return found;
}

export const admin = playerNamed("JordanPike");
export const player = playerNamed("CaseyMarsh");
export const userId = player.UserId;
export const bridge = new RankBridge({ secret: "RankGunKey", actor: admin.UserId });
