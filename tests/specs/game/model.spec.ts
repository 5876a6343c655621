// The model a group installs (build/RankBridge.rbxm, built by `npm run build` and before `npm
// test`), loaded as Studio inserts it and driven by plain Luau server Scripts, as most groups'
// scripters will use it.
import { ReplicatedStorage, ServerScriptService, ServerStorage } from "@rbxts/services";
import { Harness } from "../helpers/harness";
import { liveWorld, member } from "../helpers/bridges";
import { cleanUp, join, sessionInProgress } from "./support";

const MODEL = "build/RankBridge.rbxm";

/** Waits (real time: these Scripts talk to the emulator over HTTP) until `done()` or `seconds` pass. */
function waitUntil(done: () => boolean, seconds = 5): boolean {
	const started = os.clock();
	while (!done()) {
		if (os.clock() - started > seconds) return false;
		task.wait(0.02);
	}
	return true;
}

function find(root: Instance, ...path: Array<string>): Instance | undefined {
	let at: Instance | undefined = root;
	for (const name of path) at = at?.FindFirstChild(name);
	return at;
}

export = () => {
	const installed = new Array<Instance>();
	const install = (parent: Instance) => {
		const root = Harness.loadModel(MODEL, parent);
		installed.push(root);
		return root;
	};

	afterEach(() => {
		// As the server closing does: stops every bridge and feature the Scripts made.
		Harness.shutdown();
		for (const root of installed) root.Destroy();
		installed.clear();
		cleanUp();
	});

	it("holds the typed face, the library, its runtime and dependencies, the client reply script (disabled), and no test code", () => {
		const root = install(new Instance("Folder"));
		expect(root.Name).to.equal("RankBridge");
		expect(root.ClassName).to.equal("ModuleScript");
		expect((root as ModuleScript).Source.sub(1, 9)).to.equal("--!strict");
		expect(find(root, "Library")?.ClassName).to.equal("ModuleScript");
		expect(find(root, "include", "RuntimeLib")?.ClassName).to.equal("ModuleScript");
		expect(find(root, "include", "Promise")?.ClassName).to.equal("ModuleScript");
		expect(find(root, "node_modules", "@rbxts", "t")).to.be.ok();
		expect(find(root, "node_modules", "@rbxts", "services")?.ClassName).to.equal("ModuleScript");
		const replies = find(root, "Library", "features", "ChatReplies") as Script;
		expect(replies.ClassName).to.equal("Script");
		expect(replies.RunContext).to.equal(Enum.RunContext.Client);
		expect(replies.Disabled).to.equal(true);
		const testCode = root.GetDescendants().filter((item) => {
			const [name] = item.Name.lower().gsub("%.spec$", "!spec");
			return name.find("!spec", 1, true)[0] !== undefined || ["emulator", "testez", "harness", "specs"].includes(name);
		});
		expect(testCode.size()).to.equal(0);
		for (const item of root.GetDescendants()) {
			if (item.IsA("LuaSourceContainer")) expect((item as ModuleScript).Source.find("TestEZ", 1, true)[0]).to.equal(undefined);
		}
	});

	it("lets a plain Luau server Script in ServerScriptService require it and rank someone in three lines", () => {
		const { world } = liveWorld();
		const recruit = member(world, "Recruit1");
		Harness.setSecret("RankGunKey", world.rankgun.key);
		install(ServerScriptService);
		Harness.runScript(
			`local RankBridge = require(game:GetService("ServerScriptService").RankBridge)
local bridge = RankBridge.new({ secret = "RankGunKey", baseUrl = "${Harness.emulatorUrl}" })
bridge:promote(${recruit.id}, { reason = "Passed training" })`,
			ServerScriptService,
			"Ranker",
		);
		expect(waitUntil(() => world.group.rankOf(recruit.id) === 10)).to.equal(true);
		const action = world.rankgun.rankActionsFor(recruit.id)[0];
		expect(action.kind).to.equal("promote");
		expect(action.reason).to.equal("Passed training");
	});

	it("works the same from ServerStorage, with results and typed errors back in Luau", () => {
		const { world } = liveWorld();
		const recruit = member(world, "Recruit1");
		Harness.setSecret("RankGunKey", world.rankgun.key);
		install(ServerStorage);
		const luau = Harness.runScript(
			`local RankBridge = require(game:GetService("ServerStorage").RankBridge)
local bridge = RankBridge.new({ secret = "RankGunKey", baseUrl = "${Harness.emulatorUrl}" })
local change = bridge:setRank(${recruit.id}, 20):expect()
script:SetAttribute("NewRank", change.newRank)
local ok, err = bridge:setRank(${recruit.id}, 15):await()
script:SetAttribute("KnownKind", RankBridge.ErrorKind[err.kind] == err.kind)
script:SetAttribute("Status", err.status)
script:SetAttribute("Error", tostring(err))`,
			ServerScriptService,
		);
		expect(waitUntil(() => luau.GetAttribute("Error") !== undefined)).to.equal(true);
		expect(luau.GetAttribute("NewRank")).to.equal(20);
		expect(luau.GetAttribute("KnownKind")).to.equal(true);
		expect(luau.GetAttribute("Status")).to.equal(400);
		expect((luau.GetAttribute("Error") as string).find("The group has no role with rank 15.", 1, true)[0]).to.be.ok();
		expect(world.group.rankOf(recruit.id)).to.equal(20);
	});

	it("runs attendance and chat commands from Luau, with the model's own client script showing replies", () => {
		const { world } = liveWorld();
		const [officer, recruit] = [member(world, "Officer1"), member(world, "Recruit1")];
		const session = sessionInProgress(world, "Training");
		Harness.setSecret("RankGunKey", world.rankgun.key);
		install(ServerScriptService);
		const luau = Harness.runScript(
			`local RankBridge = require(game:GetService("ServerScriptService").RankBridge)
local bridge = RankBridge.new({ secret = "RankGunKey", baseUrl = "${Harness.emulatorUrl}" })
bridge:trackAttendance({ sessionTypes = { "Training" } })
bridge:enableCommands({ minRank = 100 })
script:SetAttribute("Ready", true)`,
			ServerScriptService,
		);
		expect(waitUntil(() => luau.GetAttribute("Ready") === true)).to.equal(true);
		const display = find(ReplicatedStorage, "RankBridgeChat", "ChatReplies") as Script;
		expect(display.Disabled).to.equal(false);
		Harness.runScript(display);
		join(officer);
		join(recruit);
		expect(waitUntil(() => world.rankgun.participant(session.id, recruit.id)?.attendanceStatus === "attended")).to.equal(true);
		expect(Harness.chat(officer.id, "/promote recruit")).to.equal(true);
		expect(waitUntil(() => Harness.systemMessages(officer.id).size() > 0)).to.equal(true);
		expect(world.group.rankOf(recruit.id)).to.equal(10);
		expect(Harness.systemMessages(officer.id)[0]).to.equal('<font color="#a8d8ff">[RankBridge] Promoted Recruit1: rank 1 → 10.</font>');
	});

	it("is an immediate, clear error when required on a client", () => {
		install(ReplicatedStorage);
		Harness.setClient(true);
		const client = Harness.runScript(
			`local ok, err = pcall(require, game:GetService("ReplicatedStorage").RankBridge)
script:SetAttribute("Loaded", ok)
script:SetAttribute("Error", tostring(err))`,
			ReplicatedStorage,
			"ClientRequire",
		);
		Harness.setClient(false);
		installed.push(client);
		expect(client.GetAttribute("Loaded")).to.equal(false);
		const message = client.GetAttribute("Error") as string;
		expect(
			message.find("RankBridge runs on the server only: require it from a Script in ServerScriptService or ServerStorage", 1, true)[0],
		).to.be.ok();
	});
};
