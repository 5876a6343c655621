// npm run build: the three things people install, each of package.json's version.
// 1. build/RankBridge.rbxm, the model (Creator Store, Studio): compiled with roblox-ts, built
//    from default.project.json with Lune by Rojo's rules (as `rojo build` would);
// 2. build/wally/, the Wally package folder: the same tree as files, with wally.toml;
// 3. build/rbxts-rankbridge-<version>.tgz, the npm package for roblox-ts: src/ compiled as a
//    roblox-ts package into lib/ (it uses the game's own runtime and dependencies), packed.
// `--package-only` builds lib/ alone: npm's prepack step, so `npm pack` and `npm publish` ship it.
import { relative } from "node:path";
import { buildModel, buildWally, compile, compilePackage, manifest, packNpm, parseArgs, root } from "./lib.mjs";

function fail(message) {
	console.error(`[build] ${message}`);
	process.exit(1);
}

if (parseArgs(process.argv.slice(2))["package-only"]) {
	if (compilePackage() !== 0) fail("the package build (lib/) failed");
	process.exit(0);
}
if (compile() !== 0) fail("rbxtsc failed");
if ((await buildModel()) !== 0) fail("the model build failed");
const wally = buildWally();
if (compilePackage() !== 0) fail("the package build (lib/) failed");
const tarball = packNpm();
console.log(`[build] RankBridge ${manifest.version}:`);
console.log("  model          build/RankBridge.rbxm (drop it in ServerScriptService)");
console.log(`  Wally package  ${relative(root, wally)}/ (wally publish --project-path build/wally)`);
console.log(`  npm package    ${relative(root, tarball)} (npm publish it, or npm install it into a project)`);
