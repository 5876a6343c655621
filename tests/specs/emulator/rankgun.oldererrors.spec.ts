// RankGun emulator: errors as the older pages document them (no `code`; one wording for a 403
// that may be a bad key or a spent quota), switched on with setOmitErrorCodes.
import { Harness } from "../helpers/harness";
import { call, member, newWorld } from "./rankgunApi";

interface OlderError {
	success: boolean;
	code?: string;
	error: string;
}

export = () => {
	beforeEach(() => Harness.resetHttpBudget());
	afterEach(() => Harness.emulator.rankgun.setOmitErrorCodes(false));

	describe("RankGun emulator older error envelope", () => {
		it("answers a bad key and a spent quota both as 403 'Invalid API key or monthly limit exceeded', without a code", () => {
			Harness.emulator.rankgun.setOmitErrorCodes(true);
			const world = newWorld({ ranksThisMonth: 170 });
			const spent = call(world, "POST", "/api/roblox/promote", { body: { userId: member(world, "Pat").id } });
			const badKey = call(world, "GET", "/api/sessions", { headers: { "x-api-key": "rg_not_a_key" } });
			for (const response of [spent, badKey]) {
				expect(response.status).to.equal(403);
				const body = response.json as OlderError;
				expect(body.success).to.equal(false);
				expect(body.code).to.equal(undefined);
				expect(body.error).to.equal("Invalid API key or monthly limit exceeded");
			}
		});

		it("keeps other messages, without their codes", () => {
			Harness.emulator.rankgun.setOmitErrorCodes(true);
			const world = newWorld();
			const response = call(world, "POST", "/api/roblox/promote", { body: { userId: 424242 } });
			expect(response.status).to.equal(400);
			const body = response.json as OlderError;
			expect(body.code).to.equal(undefined);
			expect(body.error).to.equal("User 424242 is not in the group.");
		});

		it("keeps the codes the Ranking Centre and Application Centre pages document", () => {
			Harness.emulator.rankgun.setOmitErrorCodes(true);
			const world = newWorld({ tier: "free" });
			expect((call(world, "GET", "/api/ranking-centre").json as OlderError).code).to.equal("ELITE_REQUIRED");
			expect((call(world, "GET", "/api/applications/forms/x").json as OlderError).code).to.equal("INVALID_FORM_ID");
		});

		it("is off by default", () => {
			const world = newWorld({ ranksThisMonth: 170 });
			const body = call(world, "POST", "/api/roblox/promote", { body: { userId: member(world, "Pat").id } }).json as OlderError;
			expect(body.code).to.equal("MONTHLY_LIMIT_EXCEEDED");
		});
	});
};
