// The public API as the TypeScript declarations define it, for the spec that keeps the typed
// Luau face (luau/RankBridge.luau) in step with the library.
//
// Starting from the RankBridge class, every public member (not private or protected, not
// tagged @hidden) of every type the API reaches is listed with whether it is a function and
// whether it is optional. Types are named as the face names them: the aliases of the
// `RankBridge` namespace in bridge.ts (Config, Status, ...), else their TypeScript names; the
// class's instance type is `Bridge`, a class's static side is `<Name>Class`, and an object type
// written inline as a property is `<Owner>.<property>`. Named unions of string literals list
// their values. Types outside src/ (Roblox's, Promise) end the walk, and so do the OPAQUE ones.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

/** Test and benchmark seams in Config: the face names them, their members are not compared. */
const OPAQUE = new Set(["HttpTransport", "GroupDirectory", "Scheduler", "SharedStores"]);

/** roblox-ts turns these into metamethods: they are not members at run time. */
const METAMETHODS = new Set(["toString"]);

export function publicSurface(root) {
	const config = ts.getParsedCommandLineOfConfigFile(
		join(root, "tsconfig.package.json"),
		{},
		{ ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
	);
	const program = ts.createProgram(config.fileNames, config.options);
	const checker = program.getTypeChecker();
	const bridgeFile = program.getSourceFile(join(root, "src", "bridge.ts"));
	const classDeclaration = bridgeFile.statements.find((node) => ts.isClassDeclaration(node) && node.name?.text === "RankBridge");
	const namespace = bridgeFile.statements.find((node) => ts.isModuleDeclaration(node) && node.name.text === "RankBridge");
	const classSymbol = checker.getSymbolAtLocation(classDeclaration.name);

	/** Face names for types the namespace aliases. */
	const aliasOf = new Map();
	for (const statement of namespace.body.statements) {
		if (!ts.isTypeAliasDeclaration(statement)) continue;
		const type = checker.getTypeAtLocation(statement.type);
		const symbol = type.aliasSymbol ?? type.getSymbol();
		if (symbol && !aliasOf.has(symbol)) aliasOf.set(symbol, statement.name.text);
	}

	const types = {};
	const queue = [];
	const ours = (symbol) => symbol?.declarations?.some((declaration) => declaration.getSourceFile().fileName.startsWith(join(root, "src"))) ?? false;
	const hidden = (symbol) => symbol.getJsDocTags().some((tag) => tag.name === "hidden");
	const isPrivate = (symbol) =>
		symbol.declarations?.some(
			(declaration) => ts.getCombinedModifierFlags(declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected),
		) ?? false;

	const NAMED = ts.SymbolFlags.Interface | ts.SymbolFlags.Class | ts.SymbolFlags.TypeAlias;

	function nameOf(type) {
		const symbol = type.aliasSymbol ?? type.getSymbol();
		if (!symbol || !(symbol.flags & NAMED)) return undefined;
		const name = aliasOf.get(symbol) ?? symbol.name;
		const instance = checker.getDeclaredTypeOfSymbol(symbol) === (type.target ?? type);
		if (symbol === classSymbol) return instance ? "Bridge" : "RankBridgeClass";
		if (symbol.flags & ts.SymbolFlags.Class && !instance) return `${name}Class`;
		return name;
	}

	/** Registers a named type of ours for listing; returns true if `type` was one. */
	function register(type) {
		const symbol = type.aliasSymbol ?? type.getSymbol();
		if (!ours(symbol)) return false;
		const name = nameOf(type);
		if (name === undefined || name.startsWith("__")) return false;
		if (!(name in types)) {
			types[name] = null;
			queue.push({ name, type });
		}
		return true;
	}

	/** Follows `type` to the named types it mentions. */
	function reach(type, seen = new Set()) {
		if (seen.has(type)) return;
		seen.add(type);
		if (type.aliasSymbol && !ours(type.aliasSymbol)) {
			for (const argument of type.aliasTypeArguments ?? []) reach(argument, seen);
			return;
		}
		if (type.isUnion() || type.isIntersection()) {
			if (type.isUnion() && type.aliasSymbol && register(type)) return;
			for (const part of type.types) reach(part, seen);
			return;
		}
		if (register(type)) {
			for (const argument of checker.getTypeArguments?.(type) ?? []) reach(argument, seen);
			return;
		}
		const symbol = type.getSymbol();
		if (symbol && !ours(symbol)) {
			// Promise<T>, Array<T>, ReadonlyArray<T>: what they hold.
			if (type.flags & ts.TypeFlags.Object && type.objectFlags & ts.ObjectFlags.Reference) {
				for (const argument of checker.getTypeArguments(type)) reach(argument, seen);
			}
			return;
		}
		for (const signature of [...type.getCallSignatures(), ...type.getConstructSignatures()]) {
			for (const parameter of signature.getParameters()) reach(checker.getTypeOfSymbol(parameter), seen);
			reach(signature.getReturnType(), seen);
		}
		for (const property of type.getProperties()) reach(checker.getTypeOfSymbol(property), seen);
	}

	function withoutUndefined(type) {
		return type.isUnion() ? checker.getNonNullableType(type) : type;
	}

	function describe(owner, type) {
		if (type.isUnion() && type.types.every((part) => part.isStringLiteral())) {
			return { kind: "union", values: type.types.map((part) => part.value).sort() };
		}
		if (OPAQUE.has(owner)) return { kind: "opaque" };
		const members = {};
		if (type.getConstructSignatures().length > 0) members.new = { callable: true, optional: false };
		for (const property of checker.getPropertiesOfType(type)) {
			const name = property.getName();
			if (name === "prototype" || METAMETHODS.has(name) || isPrivate(property) || hidden(property)) continue;
			const memberType = withoutUndefined(checker.getTypeOfSymbol(property));
			const callable = memberType.getCallSignatures().length > 0;
			members[name] = { callable, optional: (property.flags & ts.SymbolFlags.Optional) !== 0 };
			const symbol = memberType.getSymbol();
			const inline = !callable && !memberType.aliasSymbol && symbol && ours(symbol) && (symbol.name === "__type" || symbol.name === "__object");
			if (inline) {
				const nested = `${owner}.${name}`;
				types[nested] = null;
				queue.push({ name: nested, type: memberType });
			} else {
				reach(memberType);
			}
		}
		for (const signature of type.getConstructSignatures()) {
			for (const parameter of signature.getParameters()) reach(checker.getTypeOfSymbol(parameter));
		}
		return { kind: "table", members };
	}

	register(checker.getDeclaredTypeOfSymbol(classSymbol));
	register(checker.getTypeOfSymbolAtLocation(classSymbol, classDeclaration));
	while (queue.length > 0) {
		const { name, type } = queue.shift();
		types[name] = describe(name, type);
	}
	return types;
}

/** Writes the surface as JSON to `path` (default build/surface.json). */
export function writeSurface(root, path = join(root, "build", "surface.json")) {
	writeFileSync(path, JSON.stringify(publicSurface(root), null, "\t"));
	return path;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const { root } = await import("./lib.mjs");
	console.log(JSON.stringify(publicSurface(root), null, 2));
}
