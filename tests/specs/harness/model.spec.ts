// The test tree is built from test.project.json by Rojo's rules, and modules run the way a
// Roblox server runs them.
export = () => {
	const root = script.Parent!.Parent!.Parent!;

	it("turns a folder with init.luau into a ModuleScript holding the other files", () => {
		const library = root.FindFirstChild("RankBridge")!;
		expect(library.ClassName).to.equal("ModuleScript");
		expect(library.FindFirstChild("include")?.FindFirstChild("RuntimeLib")?.ClassName).to.equal("ModuleScript");
	});

	it("names modules after their file without the extension, keeping inner dots", () => {
		expect(script.Name).to.equal("model.spec");
		expect(script.ClassName).to.equal("ModuleScript");
	});

	it("leaves out files matched by globIgnorePaths and files Rojo does not know", () => {
		const t = root.FindFirstChild("RankBridge")!.FindFirstChild("node_modules")!.FindFirstChild("@rbxts")!.FindFirstChild("t")!;
		expect(t.FindFirstChild("package")).to.equal(undefined);
		expect(t.FindFirstChild("lib")?.FindFirstChild("ts")?.ClassName).to.equal("ModuleScript");
		expect(t.FindFirstChild("lib")?.FindFirstChild("t.d")).to.equal(undefined);
	});

	it("reports errors at the module's full name and line, as Roblox does", () => {
		const [ok, message] = pcall((): void => error("boom", 1));
		expect(ok).to.equal(false);
		expect((message as string).find(`${script.GetFullName()}:`, 1, true)[0]).to.equal(1);
	});

	/** A ModuleScript made here with `source`, required as a script of the game would require it. */
	function load(source: string): unknown {
		const module = new Instance("ModuleScript");
		(module as unknown as { Source: string }).Source = source;
		module.Name = "Made";
		module.Parent = script;
		return require(module);
	}

	it("gives a module Roblox's names and Luau's library, with its source's line numbers", () => {
		const loaded = load(
			[
				"local found = { script = script.Name, enum = Enum.HttpRequestType ~= nil, vector = typeof(Vector3.new(1, 2, 3)) }",
				"found.max = math.max(2, 7)",
				"found.line = debug.info(1, 'l')",
				"found.failure = select(2, pcall(function() error('boom') end))",
				"return found",
			].join("\n"),
		) as { script: string; enum: boolean; vector: string; max: number; line: number; failure: string };
		expect(loaded.script).to.equal("Made");
		expect(loaded.enum).to.equal(true);
		expect(loaded.vector).to.equal("Vector3");
		expect(loaded.max).to.equal(7);
		expect(loaded.line).to.equal(3);
		expect(loaded.failure.find(`${script.GetFullName()}.Made:4:`, 1, true)[0]).to.equal(1);
	});

	it("loads a module that names nothing of Roblox's", () => {
		expect(load("return 1 + 1")).to.equal(2);
	});

	it("keeps Lune's own require and process out of a module", () => {
		const loaded = load("return { typeof(require), process == nil }") as [string, boolean];
		expect(loaded[0]).to.equal("function");
		expect(loaded[1]).to.equal(true);
		const [ok, message] = pcall(() => load('return require("@lune/fs")'));
		expect(ok).to.equal(false);
		expect(tostring(message).find("invalid argument", 1, true)[0] !== undefined).to.equal(true);
	});

	it("caches a module: requiring it twice gives the same value", () => {
		const runtimeLib = root.FindFirstChild("RankBridge")!.FindFirstChild("include")!.FindFirstChild("RuntimeLib") as ModuleScript;
		expect(require(runtimeLib)).to.equal(require(runtimeLib));
	});

	it("gives WaitForChild with a timeout nil for a child that never comes", () => {
		expect(script.WaitForChild("never", 0.05)).to.equal(undefined);
	});
};
