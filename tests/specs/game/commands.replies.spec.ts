// How replies reach the admin (a RemoteEvent to that one client, shown by the client script as a
// system message), and that nothing a client sends can trigger anything.
import { Players, ReplicatedStorage, TextChatService } from "@rbxts/services";
import { Harness } from "../helpers/harness";
import { liveWorld, member } from "../helpers/bridges";
import { cleanUp, join, say, stopLater } from "./support";
import { useWebReads, WEB_READS } from "../helpers/variants";

function setup(options = {}) {
	const { world, bridge } = liveWorld();
	const commands = stopLater(bridge().enableCommands({ minRank: 100, cooldown: 0, ...options }));
	for (const user of world.members) join(user);
	return { world, commands, officer: member(world, "Officer1") };
}

function chatFolder() {
	return ReplicatedStorage.FindFirstChild("RankBridgeChat");
}

// Each spec runs with GroupService reads that yield (as Roblox's web calls do) and that answer at once.
export = () => {
	for (const mode of WEB_READS) {
		describe(`GroupService reads: ${mode}`, () => {
			useWebReads(mode, { beforeAll, afterAll });
			afterEach(cleanUp);

			it("puts the reply remote and an enabled client-side copy of the reply script in ReplicatedStorage", () => {
				setup();
				const folder = chatFolder()!;
				expect(folder).to.be.ok();
				expect(folder.FindFirstChild("Replies")?.ClassName).to.equal("RemoteEvent");
				const display = folder.FindFirstChild("ChatReplies") as Script;
				expect(display.ClassName).to.equal("Script");
				expect(display.RunContext).to.equal(Enum.RunContext.Client);
				expect(display.Disabled).to.equal(false);
			});

			it("shows the reply to the admin alone, as a system message, once the client script runs", () => {
				const { world, commands, officer } = setup();
				Harness.runScript(chatFolder()!.FindFirstChild("ChatReplies") as Script);
				say(commands, officer, "/promote recruit");
				say(commands, officer, "/setrank recruit 999");
				const shown = Harness.systemMessages(officer.id);
				expect(shown.size()).to.equal(2);
				expect(shown[0]).to.equal('<font color="#a8d8ff">[RankBridge] Promoted Recruit1: rank 1 → 10.</font>');
				expect(shown[1]).to.equal(
					'<font color="#ff9b8f">[RankBridge] &quot;999&quot; is not a rank number: give a whole number from 1 to 254.</font>',
				);
				for (const other of world.members) if (other.id !== officer.id) expect(Harness.systemMessages(other.id).size()).to.equal(0);
			});

			it("ignores whatever a client fires at the reply remote", () => {
				const { world, officer } = setup();
				const remote = chatFolder()!.FindFirstChild("Replies") as RemoteEvent;
				const requests = Harness.httpLog().size();
				const fired = remote.OnServerEvent as unknown as { Fire(player: Player, ...args: Array<unknown>): void };
				fired.Fire(Players.GetPlayerByUserId(officer.id)!, "/promote recruit");
				fired.Fire(Players.GetPlayerByUserId(officer.id)!, { command: "setrank", target: member(world, "Recruit1").id, rank: 30 });
				task.wait();
				expect(Harness.httpLog().size()).to.equal(requests);
				expect(world.group.rankOf(member(world, "Recruit1").id)).to.equal(1);
			});

			it("removes its chat commands and the reply folder on stop()", () => {
				const { commands, officer } = setup();
				commands.stop();
				expect(chatFolder()).to.equal(undefined);
				expect(TextChatService.FindFirstChild("RankBridgeCommands")).to.equal(undefined);
				expect(Harness.chat(officer.id, "/promote recruit")).to.equal(false);
			});

			it("sends no replies when told not to, and still reports on its signals", () => {
				const { commands, officer } = setup({ replies: false });
				expect(chatFolder()).to.equal(undefined);
				expect(say(commands, officer, "/rank recruit").message).to.equal("Recruit1 is rank 1.");
				expect(Harness.clientEvents(officer.id).size()).to.equal(0);
			});
		});
	}
};
