// The roblox-ts game that installs RankBridge from its npm tarball (tests/consumer), built in
// build/consumer/ without a registry: the tarball is unpacked as npm would install it, and its
// dependencies (and the game's roblox-ts types) are taken from this repository's node_modules,
// after checking they satisfy the tarball's ranges. The README's TypeScript snippets are
// written into the game as modules (src/readme/), then rbxtsc compiles it. The outcome goes to
// build/consumer/result.json for the spec that runs the compiled game (tests/specs/package).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./lib.mjs";

const folder = join(root, "build", "consumer");

/** True if `version` satisfies `range` (the ^, >= and exact forms this package uses). */
export function satisfies(version, range) {
	const parse = (text) => text.split("-")[0].split(".").map(Number);
	const [have, want] = [parse(version), parse(range.replace(/^[\^>=~]+/, ""))];
	const compare = have[0] - want[0] || have[1] - want[1] || have[2] - want[2];
	if (range.startsWith(">=")) return compare >= 0;
	if (range.startsWith("^")) return compare >= 0 && (want[0] > 0 ? have[0] === want[0] : have[1] === want[1]);
	return compare === 0;
}

/** The README's ```ts / ```typescript blocks, with the line each starts on. */
export function readmeTypeScript() {
	const lines = readFileSync(join(root, "README.md"), "utf8").split("\n");
	const blocks = [];
	for (let i = 0; i < lines.length; i++) {
		if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
		const start = i + 1;
		const body = [];
		for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i]);
		blocks.push({ line: start + 1, body });
	}
	return blocks;
}

/** A snippet as a module: its imports on top, the rest in run(), the prelude's names in scope. */
function snippetModule({ line, body }) {
	const imports = body.filter((text) => /^import\s/.test(text));
	const statements = body.filter((text) => !/^import\s/.test(text));
	const header = [`// README.md, the TypeScript block at line ${line}.`, ...imports];
	if (!imports.some((text) => /from "@rbxts\/rankbridge"/.test(text))) header.push('import RankBridge from "@rbxts/rankbridge";');
	header.push('import { admin, bridge, player, userId } from "../prelude";');
	return [...header, "", "export function run() {", ...statements.map((text) => (text === "" ? "" : `\t${text}`)), "}", ""].join("\n");
}

function install(tarball) {
	const modules = join(folder, "node_modules", "@rbxts");
	mkdirSync(modules, { recursive: true });
	const unpacked = join(folder, "unpacked");
	mkdirSync(unpacked);
	const untar = spawnSync("tar", ["-xzf", tarball, "-C", unpacked], { encoding: "utf8" });
	if (untar.status !== 0) throw new Error(`could not unpack ${tarball}: ${untar.stderr}`);
	renameSync(join(unpacked, "package"), join(modules, "rankbridge"));
	rmSync(unpacked, { recursive: true });
	const packaged = JSON.parse(readFileSync(join(modules, "rankbridge", "package.json"), "utf8"));
	for (const [name, range] of Object.entries(packaged.dependencies ?? {})) {
		const installed = JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")).version;
		if (!satisfies(installed, range)) throw new Error(`the tarball needs ${name} ${range}; this repository has ${installed}`);
	}
	for (const name of [...Object.keys(packaged.dependencies ?? {}), "@rbxts/types", "@rbxts/compiler-types"]) {
		symlinkSync(join(root, "node_modules", name), join(folder, "node_modules", name), "junction");
	}
}

/** Builds build/consumer/ from the tarball and compiles it; never throws, the result says. */
export function buildConsumer(tarball) {
	let result;
	try {
		rmSync(folder, { recursive: true, force: true });
		cpSync(join(root, "tests", "consumer"), folder, { recursive: true });
		install(tarball);
		const blocks = readmeTypeScript();
		mkdirSync(join(folder, "src", "readme"));
		blocks.forEach((block, index) =>
			writeFileSync(join(folder, "src", "readme", `block${String(index + 1).padStart(2, "0")}.ts`), snippetModule(block)),
		);
		const rbxtsc = join(root, "node_modules", "roblox-ts", "out", "CLI", "cli.js");
		const compiled = spawnSync(process.execPath, [rbxtsc, "-p", folder], { cwd: folder, encoding: "utf8" });
		const output = `${compiled.stdout}${compiled.stderr}`.trim();
		result = {
			ok: compiled.status === 0 && existsSync(join(folder, "out", "types.luau")),
			output,
			readmeBlocks: blocks.map((block) => block.line),
		};
	} catch (error) {
		result = { ok: false, output: String(error?.stack ?? error), readmeBlocks: [] };
	}
	mkdirSync(folder, { recursive: true });
	writeFileSync(join(folder, "result.json"), JSON.stringify(result, null, "\t"));
	return result;
}
