// Every Luau and TypeScript block in README.md, run as a game would run it. Luau blocks run as
// Scripts in ServerScriptService beside the built model, each after the prelude in
// tests/readme/prelude.luau; TypeScript blocks were compiled by `npm test` into the roblox-ts
// game that installs the npm tarball (tests/consumer, with the prelude src/prelude.ts) and run
// from there. Both meet the emulator's demo group through the services' real URLs. A block
// passes if it raises nothing and nothing warns while it and the work it queued finish.
import { Players, ReplicatedStorage, ServerScriptService, TextChatService } from "@rbxts/services";
import { seedDemo } from "../../emulator/seed";
import { Harness } from "../helpers/harness";

const ROUTED = ["https://api.rankgun.works", "https://ranking.hyra.io", "https://apis.roblox.com"];
const LIMIT = 30;

interface Block {
	line: number;
	code: string;
}

/** README blocks fenced with one of `languages`, with the line their code starts on. */
function readmeBlocks(languages: ReadonlyArray<string>): Array<Block> {
	const lines = Harness.readFile("README.md").split("\n");
	const found = new Array<Block>();
	const count = lines.size();
	for (let i = 0; i < count; i++) {
		const [language] = lines[i].match("^```(%w+)%s*$");
		if (language === undefined || !languages.includes(language as string)) continue;
		const start = i + 1;
		const code = new Array<string>();
		for (i++; i < lines.size() && lines[i] !== "```"; i++) code.push(lines[i]);
		found.push({ line: start + 1, code: code.join("\n") });
	}
	return found;
}

interface Tracked {
	status(): { queued: number; inFlight: number };
}

/** Wraps a RankBridge class's `new` so every bridge a block makes can be waited for. */
function trackBridges(library: { new: (...args: Array<unknown>) => Tracked }): { bridges: Array<Tracked>; restore: () => void } {
	const bridges = new Array<Tracked>();
	const original = library.new;
	library.new = (...args: Array<unknown>) => {
		const made = original(...args);
		bridges.push(made);
		return made;
	};
	return { bridges, restore: () => (library.new = original) };
}

function waitUntil(done: () => boolean): boolean {
	const started = os.clock();
	while (!done()) {
		if (os.clock() - started > LIMIT) return false;
		task.wait(0.02);
	}
	return true;
}

/** The demo group on the emulator, its key as "RankGunKey", JordanPike and CaseyMarsh in the server. */
function stage(): () => void {
	Harness.resetHttpBudget();
	const key = `readme-${math.random(1, 1e9)}`;
	const world = seedDemo(Harness.emulator, { rankgunKey: key });
	Harness.setSecret("RankGunKey", key);
	Harness.setSecret("OpenCloudKey", "readme-open-cloud-key");
	for (const origin of ROUTED) Harness.routeHost(origin, Harness.emulatorUrl);
	for (const name of ["JordanPike", "CaseyMarsh"]) {
		const user = world.members.find((candidate) => candidate.name === name)!;
		Harness.addPlayer({ userId: user.id, name: user.name, displayName: user.displayName });
	}
	return () => {
		Harness.shutdown();
		for (const player of Players.GetPlayers()) Harness.removePlayer(player.UserId);
		for (const origin of ROUTED) Harness.routeHost(origin, undefined);
		Harness.setSecret("RankGunKey", undefined);
		Harness.setSecret("OpenCloudKey", undefined);
		TextChatService.FindFirstChild("RankBridgeCommands")?.Destroy();
		ReplicatedStorage.FindFirstChild("RankBridgeChat")?.Destroy();
	};
}

/** Runs `body` on its own thread; afterwards waits for the bridges' queues. Returns what went wrong. */
function runBlock(body: () => void, bridges: Array<Tracked>): string {
	const warningsBefore = Harness.warnings().size();
	let failure: string | undefined;
	let finished = false;
	task.spawn(() => {
		const [ok, message] = xpcall(body, (raised) => debug.traceback(tostring(raised)));
		if (!ok) failure = tostring(message);
		finished = true;
	});
	if (!waitUntil(() => finished)) return `still running after ${LIMIT} s`;
	if (failure !== undefined) return failure;
	const idle = () => bridges.every((bridge) => bridge.status().queued === 0 && bridge.status().inFlight === 0);
	if (!waitUntil(idle)) return `its bridges still had work after ${LIMIT} s`;
	// Handlers chained on a finished action run on the next resumption.
	task.wait();
	task.wait();
	const warnings = Harness.warnings();
	const raised = new Array<string>();
	const count = warnings.size();
	for (let i = warningsBefore; i < count; i++) raised.push(warnings[i]);
	return raised.size() > 0 ? `warned: ${raised.join(" | ")}` : "";
}

export = () => {
	describe("Luau blocks", () => {
		const blocks = readmeBlocks(["lua", "luau"]);
		const prelude = Harness.readFile("tests/readme/prelude.luau");
		let model: Instance;
		let tracked: ReturnType<typeof trackBridges>;
		let cleanUp: () => void;
		beforeAll(() => {
			cleanUp = stage();
			model = Harness.loadModel("build/RankBridge.rbxm", ServerScriptService);
			tracked = trackBridges(require(model.FindFirstChild("Library") as ModuleScript) as never);
		});
		afterAll(() => {
			cleanUp();
			tracked.restore();
			model.Destroy();
		});

		it("finds the README's Luau blocks", () => {
			expect(blocks.size() >= 6).to.equal(true);
		});

		for (const block of blocks) {
			it(`runs the block at README.md line ${block.line}`, () => {
				let runner: Script | undefined;
				const problem = runBlock(() => {
					runner = Harness.runScript(
						`local __ok, __error = xpcall(function()\n${prelude}\n${block.code}\nend, function(raised)\n\treturn debug.traceback(tostring(raised))\nend)\nscript:SetAttribute("Error", if __ok then "" else __error)`,
						ServerScriptService,
						`ReadmeLine${block.line}`,
					);
					if (!waitUntil(() => runner!.GetAttribute("Error") !== undefined)) error(`still running after ${LIMIT} s`);
					const raised = runner!.GetAttribute("Error") as string;
					if (raised !== "") error(raised, 0);
				}, tracked.bridges);
				runner?.Destroy();
				expect(problem).to.equal("");
			});
		}
	});

	describe("TypeScript blocks", () => {
		const blocks = readmeBlocks(["ts", "typescript"]);
		const mounted = new Array<Instance>();
		let tracked: ReturnType<typeof trackBridges>;
		let cleanUp: () => void;
		beforeAll(() => {
			cleanUp = stage();
			for (const instance of Harness.mountGame("build/consumer/default.project.json")) mounted.push(instance);
			const runtime = require(ReplicatedStorage.FindFirstChild("rbxts_include")!.FindFirstChild("RuntimeLib") as ModuleScript) as {
				import: (caller: LuaSourceContainer, parent: Instance, ...path: Array<string>) => never;
			};
			tracked = trackBridges(
				runtime.import(script as ModuleScript, ReplicatedStorage, "rbxts_include", "node_modules", "@rbxts", "rankbridge", "lib"),
			);
		});
		afterAll(() => {
			cleanUp();
			tracked.restore();
			for (const instance of mounted) instance.Destroy();
		});

		const compiled = () =>
			(ServerScriptService.FindFirstChild("Consumer")?.FindFirstChild("readme")?.GetChildren() ?? []).filter((item) =>
				item.IsA("ModuleScript"),
			);

		it("has every TypeScript block of the README compiled into the game", () => {
			expect(blocks.size() >= 5).to.equal(true);
			expect(compiled().size()).to.equal(blocks.size());
		});

		blocks.forEach((block, index) => {
			it(`runs the block at README.md line ${block.line}`, () => {
				const name = `block${index + 1 < 10 ? "0" : ""}${index + 1}`;
				const module = compiled().find((item) => item.Name === name) as ModuleScript;
				expect(module.Source.find(`README.md, the TypeScript block at line ${block.line}.`, 1, true)[0]).to.be.ok();
				const problem = runBlock(() => (require(module) as { run: () => void }).run(), tracked.bridges);
				expect(problem).to.equal("");
			});
		});
	});
};
