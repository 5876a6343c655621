// Workspace info and the three rank actions through RankBridge, against the emulator over HTTP:
// results, the rank really changing, argument checks before any request, every documented
// refusal as a kind, and what the queue does when an answer is lost or refused for a while.
import RankBridge from "../../../src";
import type { ActionReport } from "../../../src/core/action";
import { DEFAULT_MEMBERS, liveWorld, member } from "../helpers/bridges";
import { Harness } from "../helpers/harness";
import { contains, logMark, rejection, sentTo } from "./support";
import { RANKGUN_VARIANTS, useVariant } from "../helpers/variants";

const ErrorKind = RankBridge.ErrorKind;

export = () => {
	for (const variant of RANKGUN_VARIANTS) {
		describe(`RankGun [${variant.name}]`, () => {
			useVariant(variant, { beforeAll, afterAll });
			afterEach(() => Harness.emulator.faults.clear());

			describe("RankGun workspace()", () => {
				it("gives the workspace, its usage this month and its plan's limits", () => {
					const { world, bridge } = liveWorld({ rankgun: { name: "Acme Clan", tier: "elite", ranksThisMonth: 5, ranksToday: 2 } });
					const info = bridge().workspace().expect();
					expect(info.workspace.id).to.equal(world.rankgun.id);
					expect(info.workspace.name).to.equal("Acme Clan");
					expect(info.workspace.slug).to.equal("acme-clan");
					expect(info.workspace.groupName).to.equal(world.group.name);
					expect(info.workspace.tier).to.equal("elite");
					expect(info.workspace.isActive).to.equal(true);
					expect(info.usage.ranksToday).to.equal(2);
					expect(info.usage.lastRankAt).to.equal(undefined);
					// Only as far as RankGun sent them: nothing is made up for fields left out.
					const sent = !variant.rankgun.omitWorkspaceFields;
					expect(info.workspace.groupId).to.equal(sent ? world.group.id : undefined);
					expect(info.usage.ranksThisMonth).to.equal(sent ? 5 : undefined);
					expect(info.usage.usageResetAt).to.equal(sent ? world.rankgun.usage.usageResetAt : undefined);
					expect(info.limits.maxRanksPerMonth).to.equal(sent ? 20000 : undefined);
				});

				it("ranks members of the workspace's group whether /api/workspace names the group or not", () => {
					const { world, bridge, groups } = liveWorld();
					const user = member(world, "Private1");
					const rankgun = bridge();
					expect(rankgun.getRank(user.id).expect()).to.equal(10);
					expect(rankgun.groupRanks().expect().size()).to.equal(world.group.ladder().size());
					expect(groups.reads > 0).to.equal(true);
				});
			});

			describe("RankGun promote, demote, setRank", () => {
				it("promotes a member one rank and says from what to what", () => {
					const { world, bridge } = liveWorld();
					const user = member(world, "Private1");
					const result = bridge().promote(user.id, { reason: "Passed training" }).expect();
					expect(result.userId).to.equal(user.id);
					expect(result.oldRank).to.equal(10);
					expect(result.newRank).to.equal(20);
					// RankGun's name for the member, when its answer carries one.
					expect(result.username).to.equal(variant.rankgun.omitRankFields ? undefined : "Private1");
					expect(world.group.rankOf(user.id)).to.equal(20);
					const actions = world.rankgun.rankActionsFor(user.id);
					expect(actions.size()).to.equal(1);
					expect(actions[0].kind).to.equal("promote");
					expect(actions[0].reason).to.equal("Passed training");
				});

				it("demotes a member one rank", () => {
					const { world, bridge } = liveWorld();
					const user = member(world, "Corporal1");
					const result = bridge().demote(user.id, { reason: "Inactive for 30 days" }).expect();
					expect(result.oldRank).to.equal(20);
					expect(result.newRank).to.equal(10);
					expect(result.username).to.equal(variant.rankgun.omitRankFields ? undefined : "Corporal1");
					expect(world.group.rankOf(user.id)).to.equal(10);
					expect(world.rankgun.rankActionsFor(user.id)[0].kind).to.equal("demote");
				});

				it("sets a member's rank number", () => {
					const { world, bridge } = liveWorld();
					const user = member(world, "Recruit1");
					const result = bridge().setRank(user.id, 30, { reason: "Promoted to sergeant" }).expect();
					expect(result.oldRank).to.equal(1);
					expect(result.newRank).to.equal(30);
					expect(world.group.rankOf(user.id)).to.equal(30);
					expect(world.rankgun.rankActionsFor(user.id)[0].kind).to.equal("setrank");
				});

				it("reads a member's rank, 0 for someone outside the group", () => {
					const { world, bridge } = liveWorld();
					const rankgun = bridge();
					expect(rankgun.getRank(member(world, "Sergeant1").id).expect()).to.equal(30);
					expect(rankgun.getRank(424242).expect()).to.equal(0);
				});

				it("fires actionCompleted with the action's id, kind, ranks, reason and actor", () => {
					const { world, bridge } = liveWorld();
					const rankgun = bridge();
					const reports = new Array<ActionReport>();
					rankgun.actionCompleted.Connect((report) => reports.push(report));
					const user = member(world, "Private1");
					rankgun.promote(user.id, { reason: "Passed training", actor: world.owner.id, id: "promo-1" }).expect();
					expect(reports.size()).to.equal(1);
					expect(reports[0].id).to.equal("promo-1");
					expect(reports[0].kind).to.equal("promote");
					expect(reports[0].userId).to.equal(user.id);
					expect(reports[0].oldRank).to.equal(10);
					expect(reports[0].newRank).to.equal(20);
					expect(reports[0].reason).to.equal("Passed training");
					expect(reports[0].actor).to.equal(world.owner.id);
				});

				it("runs an action id only once, however often it is submitted", () => {
					const { world, bridge } = liveWorld();
					const rankgun = bridge();
					const user = member(world, "Private1");
					const first = rankgun.promote(user.id, { id: "once" });
					const second = rankgun.promote(user.id, { id: "once" });
					expect(first.expect().newRank).to.equal(20);
					expect(second.expect().newRank).to.equal(20);
					expect(rankgun.promote(user.id, { id: "once" }).expect().newRank).to.equal(20);
					expect(world.group.rankOf(user.id)).to.equal(20);
					expect(world.rankgun.rankActionsFor(user.id).size()).to.equal(1);
				});
			});

			describe("RankGun rank arguments, checked before any request", () => {
				const badRanks: Array<[string, unknown]> = [
					["0", 0],
					["256", 256],
					["a fraction", 10.5],
					["a string", "10"],
					["nil", undefined],
				];
				for (const [what, rank] of badRanks) {
					it(`refuses setRank to ${what} with InvalidRequest naming rank`, () => {
						const { world, bridge } = liveWorld();
						const rankgun = bridge();
						const mark = logMark();
						const failure = rejection(rankgun.setRank(member(world, "Private1").id, rank as number));
						expect(failure.kind).to.equal(ErrorKind.InvalidRequest);
						expect(contains(failure.message, "rank must be a whole number from 1 to 255")).to.equal(true);
						expect(logMark()).to.equal(mark);
						expect(world.group.rankOf(member(world, "Private1").id)).to.equal(10);
					});
				}

				const badUsers: Array<[string, unknown]> = [
					["0", 0],
					["a negative id", -5],
					["a fraction", 1.5],
					["a string", "Private1"],
					["nil", undefined],
					["2^53, past the ids a number holds exactly", 2 ** 53],
					["infinity", math.huge],
				];
				for (const [what, userId] of badUsers) {
					it(`refuses a userId of ${what} with InvalidRequest, for promote, demote and setRank`, () => {
						const { bridge } = liveWorld();
						const rankgun = bridge();
						const mark = logMark();
						for (const call of [
							() => rankgun.promote(userId as number),
							() => rankgun.demote(userId as number),
							() => rankgun.setRank(userId as number, 20),
						]) {
							const failure = rejection(call());
							expect(failure.kind).to.equal(ErrorKind.InvalidRequest);
							expect(contains(failure.message, "userId")).to.equal(true);
						}
						expect(logMark()).to.equal(mark);
					});
				}

				it("refuses options that are not a table, a reason that is not a string and an actor that is not a user id", () => {
					const { world, bridge } = liveWorld();
					const rankgun = bridge();
					const user = member(world, "Private1").id;
					const mark = logMark();
					expect(rejection(rankgun.promote(user, "Passed" as never)).kind).to.equal(ErrorKind.InvalidRequest);
					const reason = rejection(rankgun.promote(user, { reason: 5 as never }));
					expect(reason.kind).to.equal(ErrorKind.InvalidRequest);
					expect(contains(reason.message, "reason")).to.equal(true);
					const actor = rejection(rankgun.demote(user, { actor: "me" as never }));
					expect(actor.kind).to.equal(ErrorKind.InvalidRequest);
					expect(contains(actor.message, "actor")).to.equal(true);
					expect(logMark()).to.equal(mark);
				});
			});

			describe("RankGun rank refusals", () => {
				it("rejects with NotInGroup for someone outside the group, for promote, demote and setRank, and changes nothing", () => {
					const { world, bridge } = liveWorld();
					const rankgun = bridge();
					for (const failure of [
						rejection(rankgun.promote(424242)),
						rejection(rankgun.demote(424242)),
						rejection(rankgun.setRank(424242, 20)),
					]) {
						expect(failure.kind).to.equal(ErrorKind.NotInGroup);
						expect(failure.status).to.equal(400);
					}
					expect(world.rankgun.rankActions().size()).to.equal(0);
					expect(world.group.rankOf(424242)).to.equal(0);
				});

				it("rejects with RankOutOfRange for a promote at the top of what can be assigned", () => {
					const { world, bridge } = liveWorld({ members: [...DEFAULT_MEMBERS, { name: "Commander1", rank: 200 }] });
					const failure = rejection(bridge().promote(member(world, "Commander1").id));
					expect(failure.kind).to.equal(ErrorKind.RankOutOfRange);
					expect(world.group.rankOf(member(world, "Commander1").id)).to.equal(200);
				});

				it("rejects with RankOutOfRange for a demote at the bottom of the ladder", () => {
					const { world, bridge } = liveWorld();
					expect(rejection(bridge().demote(member(world, "Recruit1").id)).kind).to.equal(ErrorKind.RankOutOfRange);
				});

				it("rejects with RankOutOfRange for a rank the group does not have", () => {
					const { world, bridge } = liveWorld();
					const failure = rejection(bridge().setRank(member(world, "Private1").id, 50));
					expect(failure.kind).to.equal(ErrorKind.RankOutOfRange);
					expect(world.group.rankOf(member(world, "Private1").id)).to.equal(10);
				});

				it("rejects with RankOutOfRange for a rank that cannot be assigned (Owner)", () => {
					const { world, bridge } = liveWorld();
					expect(rejection(bridge().setRank(member(world, "Private1").id, 255)).kind).to.equal(ErrorKind.RankOutOfRange);
				});

				it("rejects with Forbidden for a member at or above the ranking account", () => {
					const { world, bridge } = liveWorld();
					const failure = rejection(bridge().demote(world.owner.id));
					expect(failure.kind).to.equal(ErrorKind.Forbidden);
					expect(world.group.rankOf(world.owner.id)).to.equal(255);
				});

				it("rejects with Forbidden when the workspace's Maximum Rank blocks the target rank", () => {
					const { world, bridge } = liveWorld({ rankgun: { maxRank: 20 } });
					const failure = rejection(bridge().promote(member(world, "Corporal1").id));
					expect(failure.kind).to.equal(ErrorKind.Forbidden);
					expect(contains(failure.message, "Maximum Rank")).to.equal(true);
					expect(world.group.rankOf(member(world, "Corporal1").id)).to.equal(20);
				});

				it("fires actionFailed with the RankError", () => {
					const { bridge } = liveWorld();
					const rankgun = bridge();
					const reports = new Array<ActionReport>();
					rankgun.actionFailed.Connect((report) => reports.push(report));
					rejection(rankgun.promote(424242));
					expect(reports.size()).to.equal(1);
					expect(reports[0].userId).to.equal(424242);
					expect(reports[0].error?.kind).to.equal(ErrorKind.NotInGroup);
				});
			});

			describe("RankGun rank actions when an answer is lost or refused", () => {
				// A timed-out send takes a second of real time, and how RankGun words errors has no
				// bearing on it: these two run as documented and with answers that carry no ranks.
				const timeouts = variant.name === "docs-exact" || variant.rankgun.omitRankFields === true;

				if (timeouts)
					it("settles a promote whose answer timed out after it landed, without promoting twice", () => {
						const { world, bridge, emulator } = liveWorld();
						const user = member(world, "Private1");
						emulator.fault({ kind: "hang", service: "rankgun", pathContains: "/api/roblox/promote", seconds: 2, apply: true });
						const result = bridge({ timeout: 1 }).promote(user.id).expect();
						expect(result.oldRank).to.equal(10);
						expect(result.newRank).to.equal(20);
						expect(world.group.rankOf(user.id)).to.equal(20);
						expect(world.rankgun.rankActionsFor(user.id).size()).to.equal(1);
					});

				if (timeouts)
					it("finishes a promote whose request timed out before it landed by setting the next rank", () => {
						const { world, bridge, emulator } = liveWorld();
						const user = member(world, "Private1");
						emulator.fault({ kind: "hang", service: "rankgun", pathContains: "/api/roblox/promote", seconds: 2 });
						const rankgun = bridge({ timeout: 1 });
						const reports = new Array<ActionReport>();
						rankgun.actionCompleted.Connect((report) => reports.push(report));
						const result = rankgun.promote(user.id).expect();
						expect(result.oldRank).to.equal(10);
						expect(result.newRank).to.equal(20);
						expect(world.group.rankOf(user.id)).to.equal(20);
						const actions = world.rankgun.rankActionsFor(user.id);
						expect(actions.size()).to.equal(1);
						expect(actions[0].kind).to.equal("setrank");
						expect(reports[0].kind).to.equal("promote");
					});

				it("settles a demote that failed with a server error after it landed, without demoting twice", () => {
					const { world, bridge, emulator } = liveWorld();
					const user = member(world, "Sergeant1");
					emulator.fault({ kind: "serverError", service: "rankgun", pathContains: "/api/roblox/demote", apply: true });
					expect(bridge().demote(user.id).expect().newRank).to.equal(20);
					expect(world.group.rankOf(user.id)).to.equal(20);
					expect(world.rankgun.rankActionsFor(user.id).size()).to.equal(1);
				});

				it("settles a promote whose answer was garbled after it landed, without promoting twice", () => {
					const { world, bridge, emulator } = liveWorld();
					const user = member(world, "Private1");
					emulator.fault({ kind: "malformed", service: "rankgun", pathContains: "/api/roblox/promote", apply: true });
					const result = bridge().promote(user.id).expect();
					expect(result.newRank).to.equal(20);
					expect(world.group.rankOf(user.id)).to.equal(20);
					expect(world.rankgun.rankActionsFor(user.id).size()).to.equal(1);
				});

				it("retries a setRank after server errors until it lands", () => {
					const { world, bridge, emulator } = liveWorld();
					const user = member(world, "Recruit1");
					emulator.fault({ kind: "serverError", service: "rankgun", pathContains: "/api/roblox/setrank", count: 2 });
					expect(bridge().setRank(user.id, 100).expect().newRank).to.equal(100);
					expect(world.group.rankOf(user.id)).to.equal(100);
					expect(world.rankgun.rankActionsFor(user.id).size()).to.equal(1);
				});

				it("sends a throttled promote again after Retry-After, once it gets through", () => {
					const { world, bridge, emulator } = liveWorld();
					const user = member(world, "Private1");
					emulator.fault({ kind: "rateLimited", service: "rankgun", pathContains: "/api/roblox/promote", count: 2, retryAfter: 0.1 });
					const mark = logMark();
					expect(bridge().promote(user.id).expect().newRank).to.equal(20);
					expect(sentTo(mark, "/api/roblox/promote").size()).to.equal(3);
					expect(world.rankgun.rankActionsFor(user.id).size()).to.equal(1);
					expect(world.rankgun.rankActionsFor(user.id)[0].kind).to.equal("promote");
				});

				it("gives up on a promote with Transient once server errors outlast the retries, having checked it did not land", () => {
					const { world, bridge, emulator } = liveWorld();
					const user = member(world, "Private1");
					emulator.fault({ kind: "serverError", service: "rankgun", pathContains: "/api/roblox/", count: 3 });
					const failure = rejection(bridge({ retry: { baseDelay: 0.05, maxDelay: 0.1, maxAttempts: 3 } }).promote(user.id));
					expect(failure.kind).to.equal(ErrorKind.Transient);
					expect(failure.status).to.equal(500);
					expect(world.group.rankOf(user.id)).to.equal(10);
				});
			});
		});
	}
};
