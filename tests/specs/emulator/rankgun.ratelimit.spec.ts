// RankGun emulator: 100 requests a minute per workspace, answered past that with 429 and Retry-After.
import { Harness } from "../helpers/harness";
import { CODE_VARIANTS, useVariant } from "../helpers/variants";
import { WireResponse } from "../helpers/http";
import { call, expectError, newWorld } from "./rankgunApi";

/** The Retry-After header in seconds (header names arrive in lower case). */
function retryAfter(response: WireResponse): number {
	const value = tonumber(response.headers["retry-after"]);
	if (value === undefined) error(`no numeric Retry-After header: ${response.status} ${response.body}`, 2);
	return value;
}

export = () => {
	for (const variant of CODE_VARIANTS) {
		describe(`RankGun emulator [${variant.name}]`, () => {
			useVariant(variant, { beforeAll, afterAll });
			beforeEach(() => Harness.resetHttpBudget());

			describe("RankGun emulator rate limit", () => {
				it("accepts 100 requests in a minute and answers the 101st with 429 RATE_LIMITED and Retry-After", () => {
					const world = newWorld();
					let accepted = 0;
					for (let i = 0; i < 100; i++) if (call(world, "GET", "/api/sessions/types").status === 200) accepted += 1;
					expect(accepted).to.equal(100);
					const throttled = call(world, "GET", "/api/sessions/types");
					expectError(throttled, 429, "RATE_LIMITED");
					const seconds = retryAfter(throttled);
					expect(seconds >= 1 && seconds <= 60).to.equal(true);
					expect(seconds).to.equal(math.floor(seconds));
				});

				it("counts every route against the same workspace budget", () => {
					const world = newWorld();
					world.rankgun.setRateLimit(3);
					expect(call(world, "GET", "/api/workspace").status).to.equal(200);
					expect(call(world, "GET", "/api/sessions").status).to.equal(200);
					expect(call(world, "GET", "/api/activity/leaderboard").status).to.equal(200);
					expectError(call(world, "POST", "/api/roblox/promote", { body: { userId: world.members[0].id } }), 429, "RATE_LIMITED");
					expect(world.group.rankOf(world.members[0].id)).to.equal(1);
				});

				it("limits each workspace separately", () => {
					const busy = newWorld();
					const quiet = newWorld();
					busy.rankgun.setRateLimit(2);
					call(busy, "GET", "/api/workspace");
					call(busy, "GET", "/api/workspace");
					expectError(call(busy, "GET", "/api/workspace"), 429, "RATE_LIMITED");
					expect(call(quiet, "GET", "/api/workspace").status).to.equal(200);
				});

				it("accepts requests again once Retry-After has passed", () => {
					const world = newWorld();
					world.rankgun.setRateLimit(2);
					call(world, "GET", "/api/workspace");
					call(world, "GET", "/api/workspace");
					const throttled = call(world, "GET", "/api/workspace");
					expect(throttled.status).to.equal(429);
					Harness.emulator.advance(retryAfter(throttled));
					expect(call(world, "GET", "/api/workspace").status).to.equal(200);
				});

				it("does not count throttled requests, so a full window's budget returns after one window", () => {
					const world = newWorld();
					world.rankgun.setRateLimit(2, 60);
					call(world, "GET", "/api/workspace");
					call(world, "GET", "/api/workspace");
					for (let i = 0; i < 5; i++) expect(call(world, "GET", "/api/workspace").status).to.equal(429);
					Harness.emulator.advance(61);
					expect(call(world, "GET", "/api/workspace").status).to.equal(200);
					expect(call(world, "GET", "/api/workspace").status).to.equal(200);
					expect(call(world, "GET", "/api/workspace").status).to.equal(429);
				});

				it("does not count requests rejected for a bad key against the workspace", () => {
					const world = newWorld();
					world.rankgun.setRateLimit(1);
					for (let i = 0; i < 3; i++)
						expect(call(world, "GET", "/api/workspace", { headers: { "x-api-key": "rg_wrong" } }).status).to.equal(403);
					expect(call(world, "GET", "/api/workspace").status).to.equal(200);
				});
			});
		});
	}
};
