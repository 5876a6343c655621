// The signals a bridge fires (actionCompleted, actionFailed, commandRun...) behave as
// RBXScriptSignal's do for the game code connected to them: each handler runs off the firing
// thread, so one that yields or raises holds up neither the queue nor the other handlers.
import { Signal } from "../../../src/core/signal";

export = () => {
	describe("a signal", () => {
		it("gives every handler the value, in the order they connected", () => {
			const signal = new Signal<number>();
			const heard = new Array<string>();
			signal.Connect((value) => heard.push(`a${value}`));
			signal.Connect((value) => heard.push(`b${value}`));
			signal.Fire(1);
			signal.Fire(2);
			expect(heard.join(",")).to.equal("a1,b1,a2,b2");
		});

		it("goes on to the next handler, and back to the firing code, while a handler yields", () => {
			const signal = new Signal<number>();
			const heard = new Array<string>();
			signal.Connect((value) => {
				heard.push(`slow${value}`);
				task.wait(0.05);
				heard.push(`slow${value} done`);
			});
			signal.Connect((value) => heard.push(`quick${value}`));
			signal.Fire(1);
			heard.push("fired");
			signal.Fire(2);
			expect(heard.join(",")).to.equal("slow1,quick1,fired,slow2,quick2");
			task.wait(0.2);
			expect(heard.join(",")).to.equal("slow1,quick1,fired,slow2,quick2,slow1 done,slow2 done");
		});

		it("runs the other handlers when one raises, whose thread alone ends (the engine reports its error)", () => {
			const signal = new Signal<number>();
			const heard = new Array<number>();
			let failedOn: thread | undefined;
			signal.Connect(() => {
				failedOn = coroutine.running();
				error("a handler's bug (expected: this spec checks a raising handler)");
			});
			signal.Connect((value) => heard.push(value));
			signal.Fire(1);
			const first = failedOn;
			signal.Fire(2);
			expect(heard.join(",")).to.equal("1,2");
			expect(first !== undefined && coroutine.status(first) === "dead").to.equal(true);
			expect(failedOn !== first).to.equal(true);
		});

		it("runs handlers that return on one thread, fire after fire, and gives a yielding one a thread of its own", () => {
			const signal = new Signal<string>();
			const threads = new Map<string, thread>();
			signal.Connect((name) => {
				threads.set(name, coroutine.running());
				if (name === "yields") task.wait(0.05);
			});
			const firing = coroutine.running();
			signal.Fire("first");
			signal.Fire("second");
			signal.Fire("yields");
			signal.Fire("after");
			expect(threads.get("first") === threads.get("second")).to.equal(true);
			expect(threads.get("first") === firing).to.equal(false);
			expect(threads.get("yields") === threads.get("second")).to.equal(true);
			expect(threads.get("after") === threads.get("yields")).to.equal(false);
			task.wait(0.2);
		});

		it("skips a handler disconnected during a fire, and leaves out one connected during it until the next", () => {
			const signal = new Signal<number>();
			const heard = new Array<string>();
			const connections = new Array<ReturnType<typeof signal.Connect>>();
			signal.Connect((value) => {
				heard.push(`first${value}`);
				connections[0].Disconnect();
				if (value === 1) signal.Connect((again) => heard.push(`new${again}`));
			});
			connections.push(signal.Connect((value) => heard.push(`late${value}`)));
			signal.Fire(1);
			signal.Fire(2);
			expect(heard.join(",")).to.equal("first1,first2,new2");
		});

		it("hears one fire with Once, and waits for the next with Wait", () => {
			const signal = new Signal<number>();
			const heard = new Array<number>();
			const once = signal.Once((value) => heard.push(value));
			task.delay(0.05, () => signal.Fire(7));
			expect(signal.Wait()).to.equal(7);
			signal.Fire(8);
			expect(heard.join(",")).to.equal("7");
			expect(once.Connected).to.equal(false);
		});
	});
};
