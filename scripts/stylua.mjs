// npm run format / npm run lint (with --check): StyLua over the hand-written Luau, with
// stylua.toml's settings. StyLua runs from @johnnymorganz/stylua, its WebAssembly build on npm,
// so no binary is downloaded. Files: the arguments, else every tracked .luau/.lua file that is
// not compiled output. --check changes nothing, lists the files StyLua would change, exits 1.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import {
	CallParenType,
	CollapseSimpleStatement,
	Config,
	formatCode,
	IndentType,
	LineEndings,
	LuaVersion,
	OutputVerification,
	QuoteStyle,
} from "@johnnymorganz/stylua";
import { parseArgs, root } from "./lib.mjs";

const ENUMS = {
	syntax: LuaVersion,
	line_endings: LineEndings,
	indent_type: IndentType,
	quote_style: QuoteStyle,
	call_parentheses: CallParenType,
	collapse_simple_statement: CollapseSimpleStatement,
};

/** stylua.toml's `key = value` lines as a StyLua Config (formatCode consumes it: one per file). */
function loadConfig() {
	const config = Config.new();
	for (const line of readFileSync(join(root, "stylua.toml"), "utf8").split("\n")) {
		const match = /^\s*(\w+)\s*=\s*(?:"([^"]*)"|(\d+))\s*$/.exec(line);
		if (!match) continue;
		const [, key, text, number] = match;
		if (number !== undefined) config[key] = Number(number);
		else if (ENUMS[key]?.[text] !== undefined) config[key] = ENUMS[key][text];
		else throw new Error(`stylua.toml: ${key} = "${text}" is not a setting this script knows`);
	}
	return config;
}

function handWrittenLuau() {
	const tracked = execFileSync("git", ["ls-files", "*.luau", "*.lua"], { cwd: root, encoding: "utf8" }).split("\n");
	return tracked.filter((path) => path !== "" && !/^(out|lib|include|build|node_modules)\//.test(path));
}

const options = parseArgs(process.argv.slice(2));
const files = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const changed = [];
for (const file of files.length > 0 ? files : handWrittenLuau()) {
	const path = join(root, relative(root, file));
	const source = readFileSync(path, "utf8");
	const formatted = formatCode(source, loadConfig(), undefined, OutputVerification.Full);
	if (formatted === source) continue;
	changed.push(relative(root, path));
	if (!options.check) writeFileSync(path, formatted);
}
if (options.check && changed.length > 0) {
	console.error(`[stylua] not formatted (npm run format fixes them):\n  ${changed.join("\n  ")}`);
	process.exit(1);
}
if (!options.check && changed.length > 0) console.log(`[stylua] formatted ${changed.length} file(s)`);
