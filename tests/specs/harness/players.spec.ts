// Fake players, chat commands, server-to-client remotes and shutdown in the engine stand-in.
import { Players, TextChatService } from "@rbxts/services";
import { DEFAULT_MEMBERS, member } from "../helpers/bridges";
import { Harness } from "../helpers/harness";

export = () => {
	afterEach(() => {
		for (const player of Players.GetPlayers()) Harness.removePlayer(player.UserId);
	});

	describe("Players", () => {
		it("fires PlayerAdded with the player's UserId, Name and DisplayName, and lists them", () => {
			let seen: Player | undefined;
			const connection = Players.PlayerAdded.Connect((player) => (seen = player));
			Harness.addPlayer({ userId: 101, name: "builderman", displayName: "Builder Man" });
			connection.Disconnect();
			expect(seen?.UserId).to.equal(101);
			expect(seen?.Name).to.equal("builderman");
			expect(seen?.DisplayName).to.equal("Builder Man");
			expect(Players.GetPlayers().size()).to.equal(1);
			expect(Players.GetPlayerByUserId(101)?.Name).to.equal("builderman");
		});

		it("fires PlayerRemoving before the player leaves, then forgets them", () => {
			Harness.addPlayer({ userId: 102, name: "leaver" });
			let stillThere = false;
			const connection = Players.PlayerRemoving.Connect((player) => {
				stillThere = Players.GetPlayerByUserId(player.UserId) !== undefined;
			});
			Harness.removePlayer(102);
			connection.Disconnect();
			expect(stillThere).to.equal(true);
			expect(Players.GetPlayerByUserId(102)).to.equal(undefined);
		});

		it("stops calling a disconnected handler", () => {
			let calls = 0;
			const connection = Players.PlayerAdded.Connect(() => calls++);
			connection.Disconnect();
			Harness.addPlayer({ userId: 103, name: "quiet" });
			expect(calls).to.equal(0);
			expect(connection.Connected).to.equal(false);
		});
	});

	describe("group reads on a Player", () => {
		it("answer what they answered first for that player and group, until the player leaves", () => {
			const world = Harness.emulator.createWorld({ members: DEFAULT_MEMBERS });
			const recruit = member(world, "Recruit1");
			const groupId = world.group.id;
			const before = world.group.rankOf(recruit.id);
			const player = Harness.addPlayer({ userId: recruit.id, name: recruit.name });
			expect(player.GetRankInGroup(groupId)).to.equal(before);
			const roleBefore = player.GetRoleInGroup(groupId);
			expect(player.IsInGroup(groupId)).to.equal(true);
			// The player leaves the group mid-session (the docs' own example).
			world.group.members.delete(recruit.id);
			expect(player.GetRankInGroup(groupId)).to.equal(before);
			expect(player.GetRoleInGroup(groupId)).to.equal(roleBefore);
			expect(player.IsInGroup(groupId)).to.equal(true);
			Harness.removePlayer(recruit.id);
			const again = Harness.addPlayer({ userId: recruit.id, name: recruit.name });
			expect(again.GetRankInGroup(groupId)).to.equal(0);
			expect(again.IsInGroup(groupId)).to.equal(false);
		});
	});

	describe("TextChatCommand", () => {
		it("fires Triggered with the speaker's TextSource and the whole message, for either alias", () => {
			const command = new Instance("TextChatCommand");
			command.PrimaryAlias = "/promote";
			command.SecondaryAlias = "/p";
			command.Parent = TextChatService;
			const seen = new Array<string>();
			command.Triggered.Connect((source, text) => seen.push(`${source.UserId}:${text}`));
			expect(Harness.chat(7, "/promote bob")).to.equal(true);
			expect(Harness.chat(7, "/P alice")).to.equal(true);
			expect(Harness.chat(7, "hello /promote")).to.equal(false);
			command.Destroy();
			expect(seen.join("|")).to.equal("7:/promote bob|7:/P alice");
		});

		it("ignores a disabled command", () => {
			const command = new Instance("TextChatCommand");
			command.PrimaryAlias = "/off";
			command.Enabled = false;
			command.Parent = TextChatService;
			expect(Harness.chat(7, "/off")).to.equal(false);
			command.Destroy();
		});
	});

	describe("RemoteEvent", () => {
		it("records what the server sends one player", () => {
			const player = Harness.addPlayer({ userId: 104, name: "admin" });
			const remote = new Instance("RemoteEvent");
			remote.Name = "Reply";
			remote.FireClient(player, "Promoted bob", 2);
			const events = Harness.clientEvents(104);
			expect(events.size()).to.equal(1);
			expect(events[0].remote).to.equal("Reply");
			expect(events[0].args[0]).to.equal("Promoted bob");
			expect(events[0].args[1]).to.equal(2);
		});
	});
};
