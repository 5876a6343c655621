// npm run build
// 1. compiles src/ and tests/ with roblox-ts into out/;
// 2. builds the model to install, build/RankBridge.rbxm, from default.project.json with Lune
//    (the same tree `rojo build default.project.json -o RankBridge.rbxm` makes);
// 3. compiles src/ alone as a roblox-ts package into lib/, for `npm install` users.
import { buildModel, compile, compilePackage } from "./lib.mjs";

if (compile() !== 0) {
	console.error("[build] rbxtsc failed");
	process.exit(1);
}
if ((await buildModel()) !== 0) {
	console.error("[build] the model build failed");
	process.exit(1);
}
if (compilePackage() !== 0) {
	console.error("[build] the package build failed");
	process.exit(1);
}
console.log("[build] lib/: the roblox-ts package (main lib/init.luau, types lib/index.d.ts)");
