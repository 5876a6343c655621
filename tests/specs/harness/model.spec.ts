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

	it("caches a module: requiring it twice gives the same value", () => {
		const runtimeLib = root.FindFirstChild("RankBridge")!.FindFirstChild("include")!.FindFirstChild("RuntimeLib") as ModuleScript;
		expect(require(runtimeLib)).to.equal(require(runtimeLib));
	});

	it("gives WaitForChild with a timeout nil for a child that never comes", () => {
		expect(script.WaitForChild("never", 0.05)).to.equal(undefined);
	});
};
