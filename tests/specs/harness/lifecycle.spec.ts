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

	// task.cancel "cancels a thread and closes it, preventing it from being resumed manually or by
	// the task scheduler"; task.defer and task.delay return "the scheduled thread"
	// (https://create.roblox.com/docs/reference/engine/libraries/task).
	describe("task", () => {
		it("never resumes a delayed thread cancelled before it is due, even from a thread deferred before it", () => {
			let ran = false;
			const scheduled: { delayed?: thread } = {};
			// Queued first, so it runs in the same cycle as the delay's scheduling, before it.
			task.defer(() => task.cancel(scheduled.delayed!));
			scheduled.delayed = task.delay(0, () => (ran = true));
			task.wait(0.05);
			expect(ran).to.equal(false);
			expect(coroutine.status(scheduled.delayed)).to.equal("dead");
			expect(Harness.takeSchedulerErrors().size()).to.equal(0);
		});

		it("never resumes a deferred thread cancelled by one deferred before it", () => {
			let ran = false;
			const scheduled: { deferred?: thread } = {};
			task.defer(() => task.cancel(scheduled.deferred!));
			scheduled.deferred = task.defer(() => (ran = true));
			task.wait();
			expect(ran).to.equal(false);
			expect(Harness.takeSchedulerErrors().size()).to.equal(0);
		});

		it("returns the scheduled thread, and resumes it with the arguments given", () => {
			const seen = new Array<defined>();
			let ranOn: thread | undefined;
			const delayed = task.delay(
				0,
				(a: number, b: string) => {
					ranOn = coroutine.running();
					seen.push(a, b);
				},
				1,
				"two",
			);
			const waiter = coroutine.create(() => seen.push(coroutine.yield()[0] as defined));
			coroutine.resume(waiter);
			task.defer(waiter, "three");
			task.wait(0.05);
			expect(ranOn).to.equal(delayed);
			expect(seen.join(",")).to.equal("three,1,two");
			expect(coroutine.status(waiter)).to.equal("dead");
		});

		it("reports a scheduled thread that something else ended before its turn, as the engine does", () => {
			const closed = task.defer(() => {});
			coroutine.close(closed);
			const finished = coroutine.create(() => coroutine.yield());
			coroutine.resume(finished);
			task.delay(0, finished);
			coroutine.resume(finished);
			task.wait(0.05);
			expect(Harness.takeSchedulerErrors().join("; ")).to.equal("cannot resume dead coroutine; cannot resume dead coroutine");
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
