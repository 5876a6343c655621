// What people install, as `npm test` builds it (scripts/test.mjs, the same steps as `npm run
// build`): the model (build/RankBridge.rbxm), the Wally package folder (build/wally) and the npm
// tarball (build/rbxts-rankbridge-<version>.tgz, what `npm pack` makes on a clean clone), and a
// roblox-ts game (tests/consumer) compiled against that tarball with no registry, run here.
import { HttpService, ReplicatedStorage, ServerScriptService } from "@rbxts/services";
import RankBridge from "../../../src";
import { liveWorld, member } from "../helpers/bridges";
import { Harness } from "../helpers/harness";

interface PackageJson {
	name: string;
	version: string;
	private?: boolean;
	main: string;
	types: string;
	license: string;
	files: Array<string>;
	publishConfig?: { access?: string };
	scripts: Record<string, string>;
	dependencies: Record<string, string>;
	peerDependencies?: Record<string, string>;
}

const manifest = HttpService.JSONDecode(Harness.readFile("package.json")) as PackageJson;

function tomlString(text: string, key: string): string | undefined {
	return text.match(`\n${key}%s*=%s*"([^"]*)"`)[0] as string | undefined;
}

/** Every instance under `root` as "path ClassName [source]" lines, children sorted by name. */
function describeTree(root: Instance, path = root.Name): Array<string> {
	const lines = new Array<string>();
	let line = `${path} ${root.ClassName}`;
	if (root.IsA("LuaSourceContainer")) line += ` ${(root as ModuleScript).Source}`;
	if (root.IsA("Script")) line += ` disabled=${root.Disabled} context=${root.RunContext}`;
	lines.push(line);
	const children = root.GetChildren();
	children.sort((a, b) => a.Name < b.Name);
	for (const child of children) for (const entry of describeTree(child, `${path}/${child.Name}`)) lines.push(entry);
	return lines;
}

interface ConsumerResult {
	ok: boolean;
	output: string;
	readmeBlocks: Array<number>;
}

export = () => {
	describe("npm package", () => {
		it("can be published: not private, public access, a LICENSE and a CHANGELOG for this version", () => {
			expect(manifest.private).to.equal(undefined);
			expect(manifest.name).to.equal("@rbxts/rankbridge");
			expect(manifest.publishConfig?.access).to.equal("public");
			expect(manifest.license).to.equal("MIT");
			expect(Harness.readFile("LICENSE").find("MIT License", 1, true)[0]).to.equal(1);
			const [top] = Harness.readFile("CHANGELOG.md").match("\n## (%S+)");
			expect(top).to.equal(manifest.version);
		});

		it("runs no script on install, takes caret ranges for its dependencies and states the roblox-ts it needs", () => {
			for (const hook of ["preinstall", "install", "postinstall", "prepare"]) expect(manifest.scripts[hook]).to.equal(undefined);
			expect(manifest.dependencies["@rbxts/services"]).to.equal("^1.6.0");
			expect(manifest.dependencies["@rbxts/t"]).to.equal("^3.2.1");
			expect(manifest.peerDependencies?.["roblox-ts"]).to.equal(">=3.0.0");
		});

		it("packs the built lib/ with its typings and the client reply script, and nothing from the repository besides", () => {
			const packed = HttpService.JSONDecode(Harness.readFile("build/npm-pack.json")) as { filename: string; files: Array<{ path: string }> };
			expect(packed.filename).to.equal(`rbxts-rankbridge-${manifest.version}.tgz`);
			const paths = packed.files.map((file) => file.path);
			for (const path of [
				"package.json",
				"README.md",
				"LICENSE",
				"CHANGELOG.md",
				manifest.main,
				manifest.types,
				"lib/features/ChatReplies.server.luau",
				"lib/features/ChatReplies.meta.json",
			]) {
				expect(paths.includes(path)).to.equal(true);
			}
			const stray = paths.filter(
				(path) => path.sub(1, 4) !== "lib/" && !["package.json", "README.md", "LICENSE", "CHANGELOG.md"].includes(path),
			);
			expect(stray.join(", ")).to.equal("");
		});
	});

	describe("Wally package", () => {
		const toml = Harness.readFile("wally.toml");

		it("is a server-realm package of this version, MIT licensed", () => {
			expect(tomlString(toml, "name")).to.equal("rankbridge/rankbridge");
			expect(tomlString(toml, "realm")).to.equal("server");
			expect(tomlString(toml, "version")).to.equal(manifest.version);
			expect(tomlString(toml, "license")).to.equal("MIT");
			expect(Harness.readFile("build/wally/wally.toml")).to.equal(toml);
		});

		it("builds into the same tree as the model", () => {
			const model = Harness.loadModel("build/RankBridge.rbxm", new Instance("Folder"));
			const wally = Harness.buildProject("build/wally/default.project.json");
			expect(model.GetAttribute("Version")).to.equal(manifest.version);
			expect(wally.Name).to.equal(model.Name);
			const [modelTree, wallyTree] = [describeTree(model), describeTree(wally)];
			expect(modelTree.size() > 50).to.equal(true);
			expect(wallyTree.join("\n")).to.equal(modelTree.join("\n"));
			model.Destroy();
			wally.Destroy();
		});
	});

	describe("a roblox-ts game that installs the tarball", () => {
		const result = HttpService.JSONDecode(Harness.readFile("build/consumer/result.json")) as ConsumerResult;
		const mounted = new Array<Instance>();
		afterAll(() => {
			for (const instance of mounted) instance.Destroy();
		});

		it("compiles against the package's typings", () => {
			expect(result.ok ? "compiled" : result.output).to.equal("compiled");
		});

		it("runs: ranks through the package with the game's own runtime, names its types and reads its error kinds", () => {
			for (const instance of Harness.mountGame("build/consumer/default.project.json")) mounted.push(instance);
			const consumer = ServerScriptService.FindFirstChild("Consumer") as Folder;
			const typed = require(consumer.FindFirstChild("types") as ModuleScript) as {
				describe: (bridge: RankBridge, change: RankBridge.RankChange) => string;
				onFailure: (bridge: RankBridge, seen: Array<RankBridge.ActionReport>) => RBXScriptConnection;
			};
			const runtime = require(ReplicatedStorage.FindFirstChild("rbxts_include")!.FindFirstChild("RuntimeLib") as ModuleScript) as {
				import: (caller: LuaSourceContainer, parent: Instance, ...path: Array<string>) => typeof RankBridge;
			};
			const Installed = runtime.import(
				script as ModuleScript,
				ReplicatedStorage,
				"rbxts_include",
				"node_modules",
				"@rbxts",
				"rankbridge",
				"lib",
			);
			expect(Installed).never.to.equal(RankBridge);

			const { world } = liveWorld();
			Harness.setSecret("ConsumerKey", world.rankgun.key);
			const bridge = new Installed({ secret: "ConsumerKey", baseUrl: Harness.emulatorUrl, bindToClose: false, stores: false });
			const seen = new Array<RankBridge.ActionReport>();
			typed.onFailure(bridge, seen);
			const change = bridge.promote(member(world, "Recruit1").id).expect();
			expect(typed.describe(bridge, change)).to.equal(`${member(world, "Recruit1").id}: 1 -> 10; queued 0; NotInGroup; typed`);
			const [promoted] = bridge.promote(424242).await();
			expect(promoted).to.equal(false);
			expect(seen.size()).to.equal(1);
			expect(world.group.rankOf(member(world, "Recruit1").id)).to.equal(10);
			Harness.setSecret("ConsumerKey", undefined);
		});
	});
};
