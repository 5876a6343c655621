// Replies to the admin who typed a command, shown only to them as a system message.
//
// TextChannel:DisplaySystemMessage runs only on clients, so the server sends the text through a
// RemoteEvent to that one player, and a small client script (ChatReplies, shipped disabled in
// the model) shows it. Turning commands on puts both in ReplicatedStorage.RankBridgeChat; the
// script is a Script with RunContext Client, which runs on every client from there.
// The remote only carries text to clients: what clients send on it is dropped unread.
import { ReplicatedStorage } from "@rbxts/services";

export type ReplyKind = "info" | "error";

export const REPLY_FOLDER = "RankBridgeChat";

function findTemplate(): Script | undefined {
	const template = script.Parent?.FindFirstChild("ChatReplies");
	return template !== undefined && template.IsA("Script") ? template : undefined;
}

export class ReplyChannel {
	private readonly folder: Folder;
	private readonly remote: RemoteEvent;

	constructor() {
		this.folder = new Instance("Folder");
		this.folder.Name = REPLY_FOLDER;
		this.remote = new Instance("RemoteEvent");
		this.remote.Name = "Replies";
		this.remote.Parent = this.folder;
		// Any client can fire any RemoteEvent it sees. Nothing a client sends here is read; a
		// handler that drops it keeps the engine from queueing it.
		this.remote.OnServerEvent.Connect(() => undefined);
		const template = findTemplate();
		if (template) {
			const display = template.Clone();
			// Disabled, not Enabled: it is the property that is saved and replicated to clients.
			display.Disabled = false;
			display.Parent = this.folder;
		} else {
			warn("RankBridge: the ChatReplies script is missing from the RankBridge model, so admins will not see replies in chat.");
		}
		this.folder.Parent = ReplicatedStorage;
	}

	private destroyed = false;

	send(player: Player, text: string, kind: ReplyKind) {
		if (!this.destroyed && player.Parent !== undefined) this.remote.FireClient(player, text, kind);
	}

	destroy() {
		this.destroyed = true;
		this.folder.Destroy();
	}
}
