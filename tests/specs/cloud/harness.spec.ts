// The harness's MemoryStoreService and DataStoreService (game:GetService) are the same stand-ins
// on the real clock: calls yield in real time, the limits hold, and RankBridge's adapters reach
// them by default, as they reach the engine's in a game.
import { DataStoreService, MemoryStoreService, Players } from "@rbxts/services";
import { dataStore } from "../../../src/roblox/dataStore";
import { memoryStores } from "../../../src/roblox/memoryStore";
import { Harness } from "../helpers/harness";

export = () => {
	it("answers MemoryStoreService calls after a real round trip, with the documented limits", () => {
		const map = MemoryStoreService.GetHashMap("harness-spec");
		const started = os.clock();
		map.SetAsync("k", { n: 1 }, 60);
		expect((map.GetAsync("k") as { n: number }).n).to.equal(1);
		expect(os.clock() - started >= 0.01).to.equal(true);
		const [ok, raised] = pcall(() => map.SetAsync("k".rep(129), 1, 60));
		expect(ok).to.equal(false);
		expect(tostring(raised).find("^InvalidRequest:")[0]).to.be.ok();
		const figures = Harness.cloud.experience.memory.figures();
		expect(figures.byStructure.get("HashMap:harness-spec")!.calls >= 3).to.equal(true);
	});

	it("refuses MemoryStoreService on a client with InvalidClientAccess", () => {
		Harness.setClient(true);
		const [ok, raised] = pcall(() => MemoryStoreService.GetHashMap("harness-spec"));
		Harness.setClient(false);
		expect(ok).to.equal(false);
		expect(tostring(raised).find("InvalidClientAccess", 1, true)[0]).to.be.ok();
	});

	it("gives this server DataStore budgets from its players", () => {
		const expected = 60 + 40 * Players.GetPlayers().size();
		expect(DataStoreService.GetRequestBudgetForRequestType(Enum.DataStoreRequestType.StandardRead) <= expected).to.equal(true);
		expect(Harness.cloud.server.DataStoreService.rate("StandardRead")).to.equal(expected);
	});

	it("is what RankBridge's adapters use when given no service", () => {
		const stores = memoryStores("harness-spec");
		const durable = dataStore("harness-spec");
		stores.map.set("adapter", 7, 60).toPromise().expect();
		expect(stores.map.get("adapter").toPromise().expect()).to.equal(7);
		durable.set("adapter", "kept").toPromise().expect();
		expect(durable.get("adapter").toPromise().expect()).to.equal("kept");
		expect(typeIs(durable.budget("write"), "number")).to.equal(true);
		expect(Harness.cloud.experience.data.peek("RankBridge", "harness-spec", "adapter")).to.equal("kept");
	});
};
