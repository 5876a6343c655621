// BindToClose, RunService and DateTime in the engine stand-in.
import { RunService } from "@rbxts/services";
import { Harness } from "../helpers/harness";

export = () => {
	describe("BindToClose", () => {
		it("runs every bound function in parallel on shutdown and waits for them", () => {
			const order = new Array<string>();
			game.BindToClose(() => {
				order.push("a-start");
				task.wait(0.05);
				order.push("a-end");
			});
			game.BindToClose(() => {
				order.push("b-start");
				task.wait(0.05);
				order.push("b-end");
			});
			expect(Harness.shutdown()).to.equal(true);
			expect(order.join(",")).to.equal("a-start,b-start,a-end,b-end");
		});

		it("gives up on a bound function that outlasts the limit", () => {
			game.BindToClose(() => task.wait(1));
			expect(Harness.shutdown(0.1)).to.equal(false);
		});
	});

	describe("RunService", () => {
		it("reports a server unless a spec plays the client", () => {
			expect(RunService.IsServer()).to.equal(true);
			Harness.setClient(true);
			const onClient = RunService.IsClient();
			Harness.setClient(false);
			expect(onClient).to.equal(true);
		});

		it("fires Heartbeat with the frame's delta time", () => {
			const dt = RunService.Heartbeat.Wait()[0];
			expect(dt > 0 && dt < 1).to.equal(true);
		});
	});

	describe("DateTime", () => {
		it("round-trips ISO 8601 in UTC", () => {
			const moment = DateTime.fromIsoDate("2020-01-02T10:30:45Z");
			expect(moment?.UnixTimestamp).to.equal(1577961045);
			expect(moment?.ToIsoDate()).to.equal("2020-01-02T10:30:45Z");
			expect(DateTime.fromIsoDate("2020-01-02T12:30:45+02:00")?.UnixTimestamp).to.equal(1577961045);
		});

		it("returns nil for a string it cannot parse", () => {
			expect(DateTime.fromIsoDate("yesterday")).to.equal(undefined);
		});

		it("splits a timestamp into UTC parts and back", () => {
			const parts = DateTime.fromUnixTimestampMillis(1714521600123).ToUniversalTime();
			expect(`${parts.Year}-${parts.Month}-${parts.Day} ${parts.Hour}:${parts.Minute}:${parts.Second}.${parts.Millisecond}`).to.equal(
				"2024-5-1 0:0:0.123",
			);
			expect(DateTime.fromUniversalTime(2024, 5, 1, 0, 0, 0, 123).UnixTimestampMillis).to.equal(1714521600123);
		});
	});
};
