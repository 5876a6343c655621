// The heartbeat registry (src/core/servers.ts) over the MemoryStore stand-in.
import { Servers } from "../../../src/core/servers";
import { virtualWorld } from "../helpers/bridges";
import { cloudStores } from "../helpers/cloud";

export = () => {
	it("keeps a server listed when work comes back while its leaving is still on its way", () => {
		const { scheduler, cloud } = virtualWorld();
		const map = cloudStores(cloud.server({ players: 0 })).map;
		let adopted = false;
		const servers = new Servers({
			map,
			serverId: "server-1",
			scheduler,
			beatSeconds: 15,
			deadAfterSeconds: 50,
			onView: () => undefined,
			onAdopted: () => (adopted = true),
			onError: () => undefined,
		});
		servers.join();
		scheduler.advance(1);
		expect(servers.isRegistered()).to.equal(true);
		// The leave's update meets contention and runs its transform again: by then the server has
		// joined again and its first beat has landed.
		cloud.memory.faults.rerunNext(3);
		servers.leave();
		scheduler.delay(0.01, () => servers.join());
		scheduler.advance(40);
		expect(`adopted ${adopted}, registered ${servers.isRegistered()}`).to.equal("adopted false, registered true");
		expect(cloud.memory.peek("RankBridge/rankgun/default", "servers")).to.be.ok();
	});
};
