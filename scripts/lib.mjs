// Shared by the npm scripts: compile with rbxtsc, then run a Lune script with the patched Lune.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { installLune } from "./patch-lune.mjs";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Compiles src/ and tests/ with roblox-ts (one build serves the model and the test tree). The
 * type is named because rbxtsc takes any project whose package.json name is in the @rbxts
 * scope for a package; this build is a model, with relative requires and its own runtime.
 */
export function compile() {
	const rbxtsc = join(root, "node_modules", "roblox-ts", "out", "CLI", "cli.js");
	const result = spawnSync(process.execPath, [rbxtsc, "--type", "model", "--rojo", "test.project.json"], { cwd: root, stdio: "inherit" });
	return result.status ?? 1;
}

/** Builds the installable model, build/RankBridge.rbxm, from default.project.json (after compile()). */
export function buildModel() {
	return runLune("tests/harness/build.luau", ["build/RankBridge.rbxm", manifest.version]);
}

/**
 * Compiles src/ alone as a roblox-ts package into lib/ (what npm consumers get): modules that
 * find roblox-ts's runtime through _G[script] and their dependencies through TS.getModule,
 * unlike the model, which carries its own runtime and dependencies.
 */
export function compilePackage() {
	const rbxtsc = join(root, "node_modules", "roblox-ts", "out", "CLI", "cli.js");
	const args = [rbxtsc, "-p", "tsconfig.package.json", "--type", "package", "--rojo", "package.project.json"];
	const result = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
	return result.status ?? 1;
}

/**
 * Runs `lune run <script> ...args` from the project root and resolves with its exit code.
 * With `timeoutSeconds`, a run still going after that long is killed and resolves with 1.
 * `onOutput`, when given, sees every chunk of stdout (the chunk is still echoed); `onErrorOutput`
 * the same for stderr.
 */
export function runLune(script, args = [], { timeoutSeconds, onOutput, onErrorOutput } = {}) {
	const lune = installLune();
	return new Promise((resolve) => {
		const stderr = onErrorOutput ? "pipe" : "inherit";
		const child = spawn(lune, ["run", script, ...args], { cwd: root, stdio: ["inherit", "pipe", stderr] });
		child.stdout.on("data", (chunk) => {
			process.stdout.write(chunk);
			onOutput?.(chunk.toString());
		});
		child.stderr?.on("data", (chunk) => {
			process.stderr.write(chunk);
			onErrorOutput?.(chunk.toString());
		});
		let timedOut = false;
		const timer =
			timeoutSeconds === undefined
				? undefined
				: setTimeout(() => {
						timedOut = true;
						console.error(`\n[lune] ${script} still running after ${timeoutSeconds} s; stopped.`);
						child.kill("SIGKILL");
					}, timeoutSeconds * 1000);
		const forward = (signal) => child.kill(signal);
		process.on("SIGINT", forward);
		process.on("SIGTERM", forward);
		child.on("close", (code) => {
			clearTimeout(timer);
			process.off("SIGINT", forward);
			process.off("SIGTERM", forward);
			resolve(timedOut ? 1 : (code ?? 1));
		});
	});
}

/** `--name value` / `--name=value` / `--flag` from argv. */
export function parseArgs(argv) {
	const options = {};
	for (let i = 0; i < argv.length; i++) {
		const match = /^--([^=]+)(?:=(.*))?$/.exec(argv[i]);
		if (!match) continue;
		if (match[2] !== undefined) options[match[1]] = match[2];
		else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith("--")) options[match[1]] = argv[++i];
		else options[match[1]] = true;
	}
	return options;
}

/** package.json, read once. */
export const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

/** Copies `from` into `to`, leaving out what the model's project ignores (typings, package.json). */
function copyTree(from, to) {
	cpSync(from, to, {
		recursive: true,
		filter: (path) => !/(^|\/)(package\.json|tsconfig\.json)$|\.d\.ts$|\.tsbuildinfo$/.test(path),
	});
}

/**
 * Writes the Wally package folder, build/wally/: wally.toml, the docs, and the model's tree as
 * files (src/init.luau the typed face, src/Library the compiled library, src/runtime roblox-ts's
 * runtime, src/vendor its two dependencies) with a default.project.json that builds them into
 * the same instances as default.project.json builds the model. Run after compile().
 */
export function buildWally() {
	const folder = join(root, "build", "wally");
	rmSync(folder, { recursive: true, force: true });
	mkdirSync(join(folder, "src"), { recursive: true });
	for (const file of ["wally.toml", "README.md", "LICENSE", "CHANGELOG.md"]) copyFileSync(join(root, file), join(folder, file));
	copyFileSync(join(root, "luau", "RankBridge.luau"), join(folder, "src", "init.luau"));
	copyTree(join(root, "out", "src"), join(folder, "src", "Library"));
	copyTree(join(root, "include"), join(folder, "src", "runtime"));
	copyTree(join(root, "node_modules", "@rbxts", "services"), join(folder, "src", "vendor", "services"));
	copyTree(join(root, "node_modules", "@rbxts", "t"), join(folder, "src", "vendor", "t"));
	const project = {
		name: "RankBridge",
		globIgnorePaths: ["**/*.d.ts"],
		tree: {
			$path: "src/init.luau",
			Library: { $path: "src/Library" },
			include: { $path: "src/runtime" },
			node_modules: {
				$className: "Folder",
				"@rbxts": { $className: "Folder", services: { $path: "src/vendor/services" }, t: { $path: "src/vendor/t" } },
			},
		},
	};
	writeFileSync(join(folder, "default.project.json"), `${JSON.stringify(project, null, "\t")}\n`);
	return folder;
}

/**
 * `npm pack` into build/ without its prepack step (run after compilePackage()). Writes what
 * npm reported (file name and contents) to build/npm-pack.json; returns the tarball's path.
 */
export function packNpm() {
	const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];
	const args = [...npm.slice(1), "pack", "--ignore-scripts", "--json", "--pack-destination", join(root, "build")];
	const result = spawnSync(npm[0], args, { cwd: root, encoding: "utf8", shell: npm[0] === "npm" && process.platform === "win32" });
	if (result.status !== 0) throw new Error(`npm pack failed: ${result.stderr}`);
	const report = JSON.parse(result.stdout)[0];
	writeFileSync(join(root, "build", "npm-pack.json"), JSON.stringify(report, null, "\t"));
	return join(root, "build", report.filename);
}
