// Admin chat commands against the emulator over HTTP: each command, each refusal, and what the
// admin is told.
import { Players } from "@rbxts/services";
import { Harness } from "../helpers/harness";
import { liveWorld, member } from "../helpers/bridges";
import type { ActionReport } from "../../../src/core/action";
import type { CommandOptions } from "../../../src/features/commands";
import type { World } from "../../emulator";
import { waitUntil } from "../helpers/providerBridges";
import { cleanUp, join, repliesTo, say, stopLater } from "./support";
import { useWebReads, WEB_READS } from "../helpers/variants";

const MEMBERS = [
	{ name: "AdminOfficer", displayName: "Ace", rank: 100 },
	{ name: "CommanderCole", displayName: "Cole", rank: 200 },
	{ name: "SergeantSam", displayName: "Sam", rank: 30 },
	{ name: "SergeantSue", displayName: "Sue", rank: 30 },
	{ name: "CaseyMarsh", displayName: "Casey", rank: 10 },
	{ name: "CarlosReed", displayName: "Carl", rank: 10 },
	{ name: "RookieRay", displayName: "Ray", rank: 1 },
];

type Options = Partial<CommandOptions> | ((world: World) => Partial<CommandOptions>);

/** Everyone in MEMBERS in the server, and commands on with no cooldown, for rank 30 and up unless `options` name who may use them. */
function setup(options: Options = {}, seed: Parameters<typeof liveWorld>[0] = {}) {
	const { world, bridge } = liveWorld({ members: MEMBERS, ...seed });
	const rankBridge = bridge();
	const chosen = typeIs(options, "function") ? options(world) : options;
	const rule = chosen.minRank === undefined && chosen.allowUserIds === undefined && chosen.canUse === undefined ? { minRank: 30 } : {};
	const commands = stopLater(rankBridge.enableCommands({ ...rule, cooldown: 0, ...chosen }));
	for (const user of world.members) join(user);
	const user = (name: string) => member(world, name);
	const rankOf = (name: string) => world.group.rankOf(user(name).id);
	return { world, rankBridge, commands, user, rankOf };
}

/** Rank actions the emulator has carried out. */
function rankActions(world: World) {
	return world.rankgun.rankActions().size();
}

// Each spec runs with GroupService reads that yield (as Roblox's web calls do) and that answer at once.
export = () => {
	for (const mode of WEB_READS) {
		describe(`GroupService reads: ${mode}`, () => {
			useWebReads(mode, { beforeAll, afterAll });
			afterEach(cleanUp);

			describe("rank commands", () => {
				it("/promote moves the player one rank up and tells the admin", () => {
					const { commands, user, rankOf } = setup();
					const result = say(commands, user("AdminOfficer"), "/promote casey");
					expect(result.status).to.equal("done");
					expect(result.command).to.equal("promote");
					expect(result.message).to.equal("Promoted CaseyMarsh (Casey): rank 10 → 20.");
					expect(rankOf("CaseyMarsh")).to.equal(20);
					const replies = repliesTo(user("AdminOfficer").id);
					expect(replies.size()).to.equal(1);
					expect(replies[0][0]).to.equal(result.message);
					expect(replies[0][1]).to.equal("info");
				});

				it("/demote moves the player one rank down", () => {
					const { commands, user, rankOf } = setup();
					expect(say(commands, user("AdminOfficer"), "/demote SergeantSam").message).to.equal("Demoted SergeantSam (Sam): rank 30 → 20.");
					expect(rankOf("SergeantSam")).to.equal(20);
				});

				it("/setrank sets the rank number given", () => {
					const { commands, user, rankOf } = setup();
					expect(say(commands, user("AdminOfficer"), "/setrank rookie 30").message).to.equal("Set RookieRay (Ray) to rank 30 (was 1).");
					expect(rankOf("RookieRay")).to.equal(30);
				});

				it("/rank shows a player's rank, or the admin's own with no name", () => {
					const { commands, user } = setup();
					expect(say(commands, user("AdminOfficer"), "/rank sergeantsue").message).to.equal("SergeantSue (Sue) is rank 30.");
					expect(say(commands, user("AdminOfficer"), "/rank").message).to.equal("AdminOfficer (Ace) is rank 100.");
				});

				it("reports every change on the bridge's action signals with the admin as actor and the command as reason", () => {
					const { commands, rankBridge, user } = setup();
					const reports = new Array<ActionReport>();
					rankBridge.actionCompleted.Connect((report) => reports.push(report));
					say(commands, user("AdminOfficer"), "/promote carl");
					say(commands, user("AdminOfficer"), "/setrank casey 20");
					expect(reports.size()).to.equal(2);
					// What is queued is the absolute rank worked out when the command was checked.
					expect(reports[0].kind).to.equal("setRank");
					expect(reports[0].oldRank).to.equal(10);
					expect(reports[0].newRank).to.equal(20);
					expect(reports[0].userId).to.equal(user("CarlosReed").id);
					expect(reports[0].actor).to.equal(user("AdminOfficer").id);
					expect(reports[0].reason).to.equal(`Chat command by AdminOfficer (${user("AdminOfficer").id}): /promote carl`);
					expect(reports[1].kind).to.equal("setRank");
					expect(reports[1].actor).to.equal(user("AdminOfficer").id);
				});

				it("matches names by the start of the name or display name in any case, with @ allowed", () => {
					const { commands, user } = setup();
					expect(say(commands, user("AdminOfficer"), "/rank ROOKIE").message).to.equal("RookieRay (Ray) is rank 1.");
					expect(say(commands, user("AdminOfficer"), "/rank @ra").message).to.equal("RookieRay (Ray) is rank 1.");
					expect(say(commands, user("AdminOfficer"), "/rank commanderc").message).to.equal("CommanderCole (Cole) is rank 200.");
				});

				it("takes an exact name over longer names it starts", () => {
					const { world, commands, user } = setup();
					const shortName = Harness.emulator.roblox.createUser("Case");
					Harness.emulator.roblox.addMember(world.group, shortName.id, world.group.roleByRank(20)!, 0);
					join(shortName);
					expect(say(commands, user("AdminOfficer"), "/rank case").message).to.equal("Case is rank 20.");
					expect(say(commands, user("AdminOfficer"), "/rank casey").message).to.equal("CaseyMarsh (Casey) is rank 10.");
				});
			});

			describe("refusals", () => {
				it("refuses a player below minRank, sending nothing, and tells only them", () => {
					const { world, commands, user, rankOf } = setup();
					const result = say(commands, user("CaseyMarsh"), "/promote carl");
					expect(result.status).to.equal("refused");
					expect(result.reason).to.equal("NotPermitted");
					expect(result.message).to.equal("You may not use /promote.");
					expect(rankOf("CarlosReed")).to.equal(10);
					expect(rankActions(world)).to.equal(0);
					expect(repliesTo(user("CaseyMarsh").id)[0][1]).to.equal("error");
					expect(repliesTo(user("AdminOfficer").id).size()).to.equal(0);
					expect(repliesTo(user("CarlosReed").id).size()).to.equal(0);
				});

				it("refuses a player who is not in the group when minRank is the rule", () => {
					const { commands } = setup();
					const visitor = Harness.emulator.roblox.createUser("Visitor");
					join(visitor);
					expect(say(commands, visitor, "/rank casey").reason).to.equal("NotPermitted");
				});

				it("refuses a second command within the cooldown", () => {
					const { commands, user, rankOf } = setup({ cooldown: 30 });
					say(commands, user("AdminOfficer"), "/promote casey");
					const second = say(commands, user("AdminOfficer"), "/promote carl");
					expect(second.reason).to.equal("Cooldown");
					expect(second.message).to.equal("Wait 30 s before your next command.");
					expect(rankOf("CarlosReed")).to.equal(10);
					// Another admin has their own cooldown.
					expect(say(commands, user("CommanderCole"), "/promote carl").status).to.equal("done");
				});

				it("does not start the cooldown for a command refused before any request (a typo)", () => {
					const { commands, user } = setup({ cooldown: 30 });
					expect(say(commands, user("AdminOfficer"), "/promote nobody").reason).to.equal("UnknownPlayer");
					expect(say(commands, user("AdminOfficer"), "/promote casey").status).to.equal("done");
				});

				it("refuses changing one's own rank", () => {
					const { world, commands, user } = setup();
					for (const text of ["/promote admin", "/demote AdminOfficer", "/setrank @AdminOfficer 30"]) {
						const result = say(commands, user("AdminOfficer"), text);
						expect(result.reason).to.equal("Self");
						expect(result.message).to.equal("You cannot change your own rank.");
					}
					expect(rankActions(world)).to.equal(0);
				});

				it("refuses a target who outranks the admin", () => {
					const { commands, user, rankOf } = setup();
					const result = say(commands, user("SergeantSam"), "/demote admin");
					expect(result.reason).to.equal("TargetOutranks");
					expect(result.message).to.equal("AdminOfficer (Ace) is rank 100, which is not below your rank (30).");
					expect(rankOf("AdminOfficer")).to.equal(100);
				});

				it("refuses a target of the same rank as the admin", () => {
					const { commands, user, rankOf } = setup();
					expect(say(commands, user("SergeantSam"), "/demote sergeantsue").reason).to.equal("TargetOutranks");
					expect(say(commands, user("SergeantSam"), "/setrank sergeantsue 1").reason).to.equal("TargetOutranks");
					expect(rankOf("SergeantSue")).to.equal(30);
				});

				it("refuses a promotion to the admin's own rank", () => {
					const { world, commands, user } = setup();
					world.group.setOnlyRole(user("CaseyMarsh").id, world.group.roleByRank(20)!, 0);
					const result = say(commands, user("SergeantSam"), "/promote casey");
					expect(result.reason).to.equal("RankTooHigh");
					expect(result.message).to.equal("Promoting CaseyMarsh (Casey) would make them rank 30, which is not below your rank (30).");
					expect(rankActions(world)).to.equal(0);
				});

				it("refuses setting a rank at or above the admin's own", () => {
					const { world, commands, user } = setup();
					const atOwn = say(commands, user("SergeantSam"), "/setrank casey 30");
					expect(atOwn.reason).to.equal("RankTooHigh");
					expect(atOwn.message).to.equal("You cannot give rank 30: it is not below your rank (30).");
					expect(say(commands, user("SergeantSam"), "/setrank casey 100").reason).to.equal("RankTooHigh");
					expect(rankActions(world)).to.equal(0);
				});

				it("refuses a name nobody in the server has, listing who is here", () => {
					const { commands, user } = setup();
					const result = say(commands, user("AdminOfficer"), "/promote zed");
					expect(result.reason).to.equal("UnknownPlayer");
					expect(result.message).to.equal(
						'No player in this server matches "zed". Players here: AdminOfficer (Ace), CarlosReed (Carl), CaseyMarsh (Casey), CommanderCole (Cole), RookieRay (Ray), SergeantSam (Sam), SergeantSue (Sue).',
					);
				});

				it("refuses a name that fits several players, listing them", () => {
					const { world, commands, user } = setup();
					const result = say(commands, user("AdminOfficer"), "/promote ca");
					expect(result.reason).to.equal("AmbiguousPlayer");
					expect(result.message).to.equal('"ca" matches 2 players: CarlosReed (Carl), CaseyMarsh (Casey). Type more of the name.');
					expect(rankActions(world)).to.equal(0);
				});

				it("refuses a rank that is not a rank number", () => {
					const { world, commands, user } = setup();
					for (const typed of ["abc", "2.5", "0", "255", "-3"]) {
						const result = say(commands, user("AdminOfficer"), `/setrank casey ${typed}`);
						expect(result.reason).to.equal("BadRank");
						expect(result.message).to.equal(`"${typed}" is not a rank number: give a whole number from 1 to 254.`);
					}
					expect(rankActions(world)).to.equal(0);
				});

				it("refuses a rank the group does not have, listing the ranks the admin can give", () => {
					const { commands, user } = setup();
					const result = say(commands, user("AdminOfficer"), "/setrank casey 15");
					expect(result.reason).to.equal("BadRank");
					expect(result.message).to.equal("The group has no rank 15. Ranks you can give: 1, 10, 20, 30.");
				});

				it("refuses a target who is not in the group", () => {
					const { world, commands, user } = setup();
					const visitor = Harness.emulator.roblox.createUser("Wanderer");
					join(visitor);
					const result = say(commands, user("AdminOfficer"), "/promote wanderer");
					expect(result.reason).to.equal("NotInGroup");
					expect(result.message).to.equal("Wanderer is not in the group.");
					expect(rankActions(world)).to.equal(0);
				});

				it("refuses a demotion below the lowest rank", () => {
					const { commands, user } = setup();
					const result = say(commands, user("AdminOfficer"), "/demote rookie");
					expect(result.reason).to.equal("AtLimit");
					expect(result.message).to.equal("RookieRay (Ray) is already at the lowest rank that can be given.");
				});

				it("refuses a command with missing or extra words, and one that does not exist, with the usage", () => {
					const { commands, user } = setup();
					const admin = user("AdminOfficer");
					expect(say(commands, admin, "/promote").message).to.equal("Usage: /promote <player>");
					expect(say(commands, admin, "/setrank casey").message).to.equal("Usage: /setrank <player> <rank number>");
					expect(say(commands, admin, "/promote casey now").reason).to.equal("BadUsage");
					// Only the five commands are registered with chat; run() sees anything typed.
					const unknown = commands.run(Players.GetPlayerByUserId(admin.id)!, "/banish casey").expect();
					expect(unknown.reason).to.equal("BadUsage");
					expect(unknown.message).to.equal('There is no command "/banish". Commands: /promote, /demote, /setrank, /rank, /session.');
				});

				it("tells the admin what the service said when it refuses", () => {
					const { world, commands, rankBridge, user, rankOf } = setup({}, { rankgun: { maxRank: 10 } });
					const failures = new Array<ActionReport>();
					rankBridge.actionFailed.Connect((report) => failures.push(report));
					const result = say(commands, user("AdminOfficer"), "/promote casey");
					expect(result.status).to.equal("failed");
					expect(result.message.find("Could not promote CaseyMarsh (Casey): RankBridge Forbidden:", 1, true)[0]).to.equal(1);
					expect(result.message.find("Maximum Rank", 1, true)[0]).to.be.ok();
					expect(repliesTo(user("AdminOfficer").id)[0][1]).to.equal("error");
					expect(rankOf("CaseyMarsh")).to.equal(10);
					expect(failures.size()).to.equal(1);
					expect(failures[0].actor).to.equal(user("AdminOfficer").id);
					expect(world.rankgun.rankActions().size()).to.equal(0);
				});
			});

			describe("no climbing past the admin", () => {
				it("counts this server's queued commands: two quick /promotes go 1 → 10 → 20, and a third that would reach the admin's rank is refused", () => {
					const { world, commands, user, rankOf } = setup();
					// RankGun is slow to answer, so each change is still queued when the next is typed.
					Harness.emulator.fault({
						kind: "hang",
						service: "rankgun",
						pathContains: "/api/roblox/setrank",
						seconds: 0.5,
						apply: true,
						count: 2,
					});
					const admin = Players.GetPlayerByUserId(user("SergeantSam").id)!;
					const first = commands.run(admin, "/promote rookie");
					const second = commands.run(admin, "/promote rookie");
					const third = commands.run(admin, "/promote rookie").expect();
					expect(third.reason).to.equal("RankTooHigh");
					expect(third.message).to.equal(
						"Promoting RookieRay (Ray) would make them rank 30 once the changes already queued for them are made, which is not below your rank (30).",
					);
					expect(first.expect().message).to.equal("Promoted RookieRay (Ray): rank 1 → 10.");
					expect(second.expect().message).to.equal("Promoted RookieRay (Ray): rank 10 → 20.");
					expect(rankOf("RookieRay")).to.equal(20);
					expect(rankActions(world)).to.equal(2);
				});

				it("checks again when a change runs: an admin demoted while it waited is refused, and nothing is sent", () => {
					const { world, rankBridge, commands, user, rankOf } = setup();
					Harness.emulator.fault({ kind: "hang", service: "rankgun", pathContains: "/api/roblox/setrank", seconds: 1, apply: true });
					const officer = user("AdminOfficer");
					const admin = Players.GetPlayerByUserId(officer.id)!;
					const first = commands.run(admin, "/promote casey");
					expect(waitUntil(() => rankOf("CaseyMarsh") === 20)).to.equal(true);
					const second = commands.run(admin, "/promote casey");
					// The next change passes its first check (the admin's rank read may yield) and waits behind
					// the slow one; meanwhile the admin is demoted to Corporal.
					expect(waitUntil(() => rankBridge.status().queued === 1)).to.equal(true);
					world.group.setOnlyRole(officer.id, world.group.roleByRank(20)!, 0);
					expect(first.expect().status).to.equal("done");
					const refused = second.expect();
					expect(refused.status).to.equal("failed");
					expect(refused.message.find("Could not promote CaseyMarsh (Casey): RankBridge Forbidden", 1, true)[0]).to.equal(1);
					expect(refused.message.find(`user ${officer.id} (rank 20) no longer outranks them (rank 20)`, 1, true)[0]).to.be.ok();
					expect(rankOf("CaseyMarsh")).to.equal(20);
					expect(rankActions(world)).to.equal(1);
				});

				it("takes a display name typed exactly for no one's in particular: anyone may wear it", () => {
					const { world, commands, user } = setup();
					const impostor = Harness.emulator.roblox.createUser("xXGrief", "Casey");
					Harness.emulator.roblox.addMember(world.group, impostor.id, world.group.roleByRank(1)!, 0);
					join(impostor);
					const spoofed = say(commands, user("AdminOfficer"), "/promote casey");
					expect(spoofed.reason).to.equal("AmbiguousPlayer");
					expect(spoofed.message).to.equal(
						'"casey" is the display name of xXGrief (Casey), and display names prove nothing: type the username (CaseyMarsh (Casey), xXGrief (Casey)).',
					);
					expect(say(commands, user("AdminOfficer"), "/rank ray").reason).to.equal("AmbiguousPlayer");
					expect(rankActions(world)).to.equal(0);
					expect(say(commands, user("AdminOfficer"), "/promote caseym").status).to.equal("done");
					expect(say(commands, user("AdminOfficer"), "/rank @xxgrief").message).to.equal("xXGrief (Casey) is rank 1.");
				});
			});

			describe("who may use them", () => {
				it("allows listed user ids, in the group or not; the hierarchy still applies to what they change", () => {
					const visitor = Harness.emulator.roblox.createUser("Guide");
					const { commands, user, rankOf } = setup((world) => ({ allowUserIds: [member(world, "SergeantSue").id, visitor.id] }));
					join(visitor);
					expect(say(commands, user("SergeantSue"), "/promote rookie").status).to.equal("done");
					expect(rankOf("RookieRay")).to.equal(10);
					expect(say(commands, visitor, "/rank casey").status).to.equal("done");
					const outranked = say(commands, visitor, "/promote rookie");
					expect(outranked.reason).to.equal("TargetOutranks");
					expect(outranked.message).to.equal("RookieRay (Ray) is rank 10, which is not below your rank (0).");
					expect(say(commands, user("SergeantSam"), "/rank casey").reason).to.equal("NotPermitted");
				});

				it("asks a custom check, with the player and the command name", () => {
					const asked = new Array<string>();
					const { commands, user } = setup({
						canUse: (player, command) => {
							asked.push(`${player.Name}:${command}`);
							return command === "rank";
						},
					});
					expect(say(commands, user("RookieRay"), "/rank casey").status).to.equal("done");
					expect(say(commands, user("RookieRay"), "/promote casey").reason).to.equal("NotPermitted");
					expect(asked.join(",")).to.equal("RookieRay:rank,RookieRay:promote");
				});

				it("refuses when the custom check errors", () => {
					const { commands, user } = setup({ canUse: () => error("boom") });
					expect(say(commands, user("AdminOfficer"), "/rank casey").reason).to.equal("NotPermitted");
				});

				it("allows anyone a rule allows: a listed id or the minimum rank", () => {
					const { commands, user } = setup({ minRank: 100, allowUserIds: [] as Array<number> });
					expect(say(commands, user("AdminOfficer"), "/rank casey").status).to.equal("done");
					expect(say(commands, user("SergeantSam"), "/rank casey").reason).to.equal("NotPermitted");
				});

				it("will not start without a rule saying who may use the commands, and names a mistake", () => {
					const { bridge } = liveWorld();
					const enable = (options: object) => {
						const [ok, raised] = pcall(() =>
							bridge()
								.enableCommands(options as never)
								.stop(),
						);
						return ok ? "" : tostring(raised);
					};
					expect(enable({}).find("minRank", 1, true)[0]).to.be.ok();
					expect(enable({ minRank: 100, cooldwn: 5 }).find('unknown field "cooldwn"', 1, true)[0]).to.be.ok();
					expect(enable({ allowUserIds: [0] }).find("allowUserIds[1]", 1, true)[0]).to.be.ok();
					expect(enable({ canUse: "yes" }).find("canUse must be a function", 1, true)[0]).to.be.ok();
				});
			});
		});
	}
};
