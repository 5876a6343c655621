// RankGun emulator: how a key is sent, which workspace it opens, and the errors when it cannot.
import { Harness } from "../helpers/harness";
import { CODE_VARIANTS, useVariant } from "../helpers/variants";
import { wire } from "../helpers/http";
import { anonymous, call, expectCodedError, expectError, newWorld, WorkspaceBody } from "./rankgunApi";

export = () => {
	for (const variant of CODE_VARIANTS) {
		describe(`RankGun emulator [${variant.name}]`, () => {
			useVariant(variant, { beforeAll, afterAll });
			beforeEach(() => Harness.resetHttpBudget());

			describe("RankGun emulator auth", () => {
				it("accepts the key in x-api-key", () => {
					const world = newWorld();
					const response = wire("GET", "/api/workspace", { headers: { "x-api-key": world.rankgun.key } });
					expect(response.status).to.equal(200);
					expect((response.json as WorkspaceBody).workspace.id).to.equal(world.rankgun.id);
				});

				it("accepts the key as Authorization: Bearer", () => {
					const world = newWorld();
					const response = wire("GET", "/api/workspace", { headers: { Authorization: `Bearer ${world.rankgun.key}` } });
					expect(response.status).to.equal(200);
					expect((response.json as WorkspaceBody).workspace.id).to.equal(world.rankgun.id);
				});

				it("accepts the key in an api_token header", () => {
					const world = newWorld();
					const response = wire("GET", "/api/workspace", { headers: { api_token: world.rankgun.key } });
					expect(response.status).to.equal(200);
				});

				it("accepts the key as an api_token query parameter", () => {
					const world = newWorld();
					const response = wire("GET", "/api/workspace", { query: { api_token: world.rankgun.key } });
					expect(response.status).to.equal(200);
				});

				it("answers 401 MISSING_API_KEY with the documented message when no key is sent", () => {
					const body = expectError(anonymous("GET", "/api/workspace"), 401, "MISSING_API_KEY");
					expect(body.error).to.equal("Provide an API key via the x-api-key header.");
				});

				it("answers 401 when Authorization carries no Bearer key", () => {
					const world = newWorld();
					expectError(wire("GET", "/api/workspace", { headers: { Authorization: world.rankgun.key } }), 401, "MISSING_API_KEY");
				});

				it("answers 403 INVALID_API_KEY for a key no workspace has", () => {
					expectError(wire("GET", "/api/workspace", { headers: { "x-api-key": "rg_not_a_real_key" } }), 403, "INVALID_API_KEY");
				});

				it("answers 403 INVALID_API_KEY for a key that was regenerated, and takes the new one", () => {
					const world = newWorld();
					const oldKey = world.rankgun.key;
					const newKey = world.rankgun.regenerateKey();
					expectError(wire("GET", "/api/workspace", { headers: { "x-api-key": oldKey } }), 403, "INVALID_API_KEY");
					expect(wire("GET", "/api/workspace", { headers: { "x-api-key": newKey } }).status).to.equal(200);
				});

				it("derives the workspace from the key alone", () => {
					const first = newWorld();
					const second = newWorld();
					const a = call(first, "GET", "/api/workspace").json as WorkspaceBody;
					const b = call(second, "GET", "/api/workspace", { query: { workspaceId: first.rankgun.id } }).json as WorkspaceBody;
					expect(a.workspace.groupId).to.equal(first.group.id);
					expect(b.workspace.id).to.equal(second.rankgun.id);
					expect(b.workspace.groupId).to.equal(second.group.id);
				});

				it("answers 403 WORKSPACE_DEACTIVATED for a deactivated workspace, on every route", () => {
					const world = newWorld({ active: false });
					expectError(call(world, "GET", "/api/workspace"), 403, "WORKSPACE_DEACTIVATED");
					expectCodedError(call(world, "GET", "/api/applications"), 403, "WORKSPACE_DEACTIVATED");
					const member = world.members[0];
					expectError(call(world, "POST", "/api/roblox/promote", { body: { userId: member.id } }), 403, "WORKSPACE_DEACTIVATED");
					expect(world.group.rankOf(member.id)).to.equal(1);
				});

				it("takes requests again once a workspace is reactivated", () => {
					const world = newWorld({ active: false });
					world.rankgun.setActive(true);
					expect(call(world, "GET", "/api/workspace").status).to.equal(200);
				});

				it("answers 404 for a deleted workspace's key", () => {
					const world = newWorld();
					world.rankgun.remove();
					expectError(call(world, "GET", "/api/workspace"), 404, "WORKSPACE_NOT_FOUND");
				});
			});
		});
	}
};
