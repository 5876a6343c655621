// The layering the README's Architecture section states, checked on the TypeScript sources
// (type-only imports included, since they tie modules together as much as value imports do):
// every import in src/ goes to its own layer or one below it, features/ reach the bridge only
// through the public-surface interface in api/surface.ts, and no two modules import each other,
// directly or round a loop. A module written in Luau (a .lua file beside its .d.ts) is in its
// folder's layer too; it imports nothing of the library.
import { Harness } from "../helpers/harness";

/** Lowest first. A module may import its own layer and the layers before it. */
const LAYERS: ReadonlyArray<{ name: string; holds: (path: string) => boolean }> = [
	{ name: "core/", holds: (path) => path.sub(1, 5) === "core/" },
	{ name: "roblox/", holds: (path) => path.sub(1, 7) === "roblox/" },
	{ name: "providers/", holds: (path) => path.sub(1, 10) === "providers/" },
	{ name: "api/ and config.ts", holds: (path) => path.sub(1, 4) === "api/" || path === "config.ts" },
	{ name: "features/", holds: (path) => path.sub(1, 9) === "features/" },
	{ name: "bridge.ts", holds: (path) => path === "bridge.ts" },
	{ name: "index.ts", holds: (path) => path === "index.ts" },
];

function layerOf(path: string): number {
	const index = LAYERS.findIndex((layer) => layer.holds(path));
	if (index === -1) error(`src/${path} is in no layer: add its folder to the README's Architecture section and to this spec`);
	return index;
}

/** "a/b/../c" → "a/c"; undefined if it climbs out of src/. */
function normalise(parts: Array<string>): string | undefined {
	const out = new Array<string>();
	for (const part of parts) {
		if (part === "..") {
			if (out.size() === 0) return undefined;
			out.pop();
		} else if (part !== "." && part !== "") out.push(part);
	}
	return out.join("/");
}

/** The src-relative module files `file` imports (relative imports only; packages are outside the layering). */
function importsOf(file: string, source: string, known: ReadonlySet<string>): Array<string> {
	const folder = file.split("/");
	folder.pop();
	const found = new Array<string>();
	const specifiers = new Array<string>();
	for (const [specifier] of source.gmatch('from%s+"(%.[^"]*)"')) specifiers.push(specifier as string);
	for (const [specifier] of source.gmatch('import%("(%.[^"]*)"%)')) specifiers.push(specifier as string);
	for (const specifier of specifiers) {
		const target = normalise([...folder, ...specifier.split("/")]);
		if (target === undefined) error(`src/${file} imports "${specifier}", outside src/`);
		const resolved = [`${target}.ts`, `${target}/index.ts`, `${target}.lua`].find((candidate) => known.has(candidate));
		if (resolved === undefined) error(`src/${file} imports "${specifier}", which is not a module in src/`);
		// bridge.ts names its own types through import("./bridge"): not an edge between modules.
		if (resolved !== file) found.push(resolved);
	}
	return found;
}

function sourceGraph(): Map<string, Array<string>> {
	const files = Harness.listFiles("src")
		.filter((path) => path.sub(-3) === ".ts" && path.sub(-5) !== ".d.ts")
		.map((path) => path.sub(5));
	const known = new Set(files);
	for (const path of Harness.listFiles("src")) if (path.sub(-4) === ".lua") known.add(path.sub(5));
	const graph = new Map<string, Array<string>>();
	for (const file of files) graph.set(file, importsOf(file, Harness.readFile(`src/${file}`), known));
	return graph;
}

/** One import loop, as "a → b → a", or undefined. */
function findLoop(graph: Map<string, Array<string>>): string | undefined {
	const state = new Map<string, "open" | "done">();
	const trail = new Array<string>();
	const visit = (file: string): string | undefined => {
		if (state.get(file) === "done") return undefined;
		if (state.get(file) === "open") {
			const start = trail.indexOf(file);
			const loop = new Array<string>();
			const size = trail.size();
			for (let i = start; i < size; i++) loop.push(trail[i]);
			loop.push(file);
			return loop.join(" → ");
		}
		state.set(file, "open");
		trail.push(file);
		for (const target of graph.get(file) ?? []) {
			const loop = visit(target);
			if (loop !== undefined) return loop;
		}
		trail.pop();
		state.set(file, "done");
		return undefined;
	};
	for (const [file] of graph) {
		const loop = visit(file);
		if (loop !== undefined) return loop;
	}
	return undefined;
}

export = () => {
	const graph = sourceGraph();

	it("finds the sources and the imports between them", () => {
		expect(graph.get("bridge.ts")?.includes("features/attendance.ts")).to.equal(true);
		expect(graph.get("features/attendance.ts")?.includes("api/surface.ts")).to.equal(true);
	});

	it("has every module import only its own layer or the layers below it", () => {
		const wrong = new Array<string>();
		for (const [file, targets] of graph) {
			for (const target of targets) {
				if (layerOf(target) > layerOf(file))
					wrong.push(`${file} (${LAYERS[layerOf(file)].name}) imports ${target} (${LAYERS[layerOf(target)].name})`);
			}
		}
		expect(wrong.join("\n")).to.equal("");
	});

	it("has the features reach the rest of the API only through the public-surface interface", () => {
		const wrong = new Array<string>();
		for (const [file, targets] of graph) {
			if (file.sub(1, 9) !== "features/") continue;
			for (const target of targets) {
				if (target.sub(1, 4) === "api/" && target !== "api/surface.ts") wrong.push(`${file} imports ${target}`);
			}
		}
		expect(wrong.join("\n")).to.equal("");
	});

	it("has no import loops between modules", () => {
		expect(findLoop(graph)).to.equal(undefined);
	});
};
