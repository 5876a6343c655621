// Shared by the npm scripts: compile with rbxtsc, then run a Lune script with the patched Lune.
import { spawn, spawnSync } from "node:child_process";
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
	return runLune("tests/harness/build.luau");
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
 * `onOutput`, when given, sees every chunk of stdout (the chunk is still echoed).
 */
export function runLune(script, args = [], { timeoutSeconds, onOutput } = {}) {
	const lune = installLune();
	return new Promise((resolve) => {
		const child = spawn(lune, ["run", script, ...args], { cwd: root, stdio: ["inherit", "pipe", "inherit"] });
		child.stdout.on("data", (chunk) => {
			process.stdout.write(chunk);
			onOutput?.(chunk.toString());
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
