// RankGun emulator: the demo seed and the /__emulator/state summary.
import { HttpService } from "@rbxts/services";
import { seedDemo } from "../../emulator/seed";
import { Harness } from "../helpers/harness";
import { wire } from "../helpers/http";
import { call, newWorld, SessionListBody, SessionTypeBody, WorkspaceBody } from "./rankgunApi";

interface StateBody {
	rankgun: Array<{
		id: string;
		key: string;
		tier: string;
		groupId: number;
		staff: number;
		sessions: Record<string, number>;
		rankActions: number;
		usage: { ranksThisMonth: number; maxRanksPerMonth: number };
		rateLimit: { requestsPerWindow: number; windowSeconds: number; inWindow: number };
	}>;
}

export = () => {
	beforeEach(() => Harness.resetHttpBudget());

	describe("RankGun emulator demo seed", () => {
		it("builds an Elite workspace, reachable with the given key, on a ten-member group", () => {
			const key = `rg_demo_${HttpService.GenerateGUID(false)}`;
			const world = seedDemo(Harness.emulator, { rankgunKey: key });
			expect(world.rankgun.key).to.equal(key);
			expect(world.members.size()).to.equal(10);
			const body = wire("GET", "/api/workspace", { headers: { "x-api-key": key } }).json as WorkspaceBody;
			expect(body.workspace.tier).to.equal("elite");
			expect(body.workspace.groupId).to.equal(world.group.id);
			expect(body.limits.maxRanksPerMonth).to.equal(20000);
		});

		it("has Training, Tryout and Rally sessions in every status, with participants", () => {
			const world = seedDemo(Harness.emulator, {});
			const types = call(world, "GET", "/api/sessions/types").json as { types: Array<SessionTypeBody> };
			expect(types.types.map((sessionType) => sessionType.name).join(",")).to.equal("Training,Tryout,Rally");
			for (const status of ["scheduled", "in_progress", "completed", "cancelled"]) {
				const list = call(world, "GET", "/api/sessions", { query: { status } }).json as SessionListBody;
				expect(list.sessions.size() > 0).to.equal(true);
			}
			const upcoming = call(world, "GET", "/api/sessions/upcoming").json as SessionListBody;
			expect(upcoming.sessions.size()).to.equal(2);
			const withPeople = world.rankgun.sessions.filter((session) => session.participants.size() > 0);
			expect(withPeople.size() >= 3).to.equal(true);
		});

		it("leaves an admin of the group out of the RankGun workspace, as real groups have", () => {
			const world = seedDemo(Harness.emulator, {});
			const kendall = world.members.find((user) => user.displayName === "Kendall")!;
			expect(world.group.rankOf(kendall.id)).to.equal(100);
			expect(world.rankgun.isStaff(kendall.id)).to.equal(false);
			const others = world.members.filter((user) => user !== kendall);
			for (const user of others) expect(world.rankgun.isStaff(user.id)).to.equal(true);
			for (const session of world.rankgun.sessions) {
				expect(world.rankgun.isStaff(session.createdByRobloxId)).to.equal(true);
				for (const participant of session.participants) expect(world.rankgun.isStaff(participant.robloxId)).to.equal(true);
			}
		});

		it("has activity, Ranking Centre passes and application forms", () => {
			const world = seedDemo(Harness.emulator, {});
			const board = call(world, "GET", "/api/activity/leaderboard").json as { leaderboard: Array<{ robloxUsername: string }> };
			expect(board.leaderboard.size() >= 5).to.equal(true);
			expect(call(world, "GET", "/api/ranking-centre").status).to.equal(200);
			expect(world.rankgun.centreRanks.size() > 0).to.equal(true);
			const forms = call(world, "GET", "/api/applications").json as { forms: Array<{ questionCount: number }> };
			expect(forms.forms.size() > 0).to.equal(true);
			expect(forms.forms[0].questionCount > 0).to.equal(true);
		});
	});

	describe("RankGun emulator state summary", () => {
		it("describes each workspace in GET /__emulator/state", () => {
			const world = newWorld({ tier: "elite", ranksThisMonth: 4 });
			world.rankgun.addSession({ title: "T", type: "Training", scheduledStartAt: 2000000000 });
			call(world, "POST", "/api/roblox/promote", { body: { userId: world.members[0].id } });
			const state = wire("GET", "/__emulator/state").json as StateBody;
			const entry = state.rankgun.find((candidate) => candidate.id === world.rankgun.id);
			expect(entry).to.be.ok();
			expect(entry!.key).to.equal(world.rankgun.key);
			expect(entry!.tier).to.equal("elite");
			expect(entry!.groupId).to.equal(world.group.id);
			expect(entry!.staff).to.equal(world.members.size() + 2);
			expect(entry!.sessions.scheduled).to.equal(1);
			expect(entry!.rankActions).to.equal(1);
			expect(entry!.usage.ranksThisMonth).to.equal(5);
			expect(entry!.usage.maxRanksPerMonth).to.equal(20000);
			expect(entry!.rateLimit.requestsPerWindow).to.equal(100);
			expect(entry!.rateLimit.inWindow).to.equal(1);
		});
	});
};
