// ESLint for the TypeScript that roblox-ts compiles (src/ and tests/): the roblox-ts rules
// (what the compiler cannot compile, or compiles to something other than it looks), a few
// typescript-eslint checks, and nothing about layout, which Prettier owns.
import prettier from "eslint-config-prettier";
import roblox from "eslint-plugin-roblox-ts";
import tseslint from "typescript-eslint";

// roblox-ts 3.0.0 compiles `for (let i = <integer>; <test> <op> <bound>; i += <step>)` to Luau's
// numeric `for i = start, bound, step` when the bound looks like an integer (a literal, integer
// arithmetic, or `.size()`), and the loop variable is not assigned in the body. It checks neither
// that the test's left side is the loop variable (`2 * i < n` compiles to `for i = 0, n - 1`) nor
// that the bound stays put: Luau evaluates it once, so an array the body grows or shrinks is not
// seen. Fixed upstream (roblox-ts pull request 3038) after 3.0.0. Until a release carries the fix,
// such loops must read as they run: the test compares the loop variable itself, and a `.size()`
// bound is a constant taken before the loop.
const numericForRule = {
	meta: { type: "problem", schema: [] },
	create(context) {
		const sizeCall = (node) => node.type === "CallExpression" && node.callee.type === "MemberExpression" && node.callee.property.name === "size";
		const containsSize = (node) =>
			sizeCall(node) ||
			(node.type === "BinaryExpression" && (containsSize(node.left) || containsSize(node.right))) ||
			(node.type === "UnaryExpression" && containsSize(node.argument));
		return {
			ForStatement(node) {
				const { init, test, update } = node;
				if (init?.type !== "VariableDeclaration" || init.kind !== "let" || init.declarations.length !== 1) return;
				const id = init.declarations[0].id;
				if (id.type !== "Identifier" || !update || test?.type !== "BinaryExpression") return;
				if (!["<", "<=", ">", ">="].includes(test.operator)) return;
				const stepped =
					(update.type === "UpdateExpression" || update.type === "AssignmentExpression") &&
					(update.argument ?? update.left).type === "Identifier" &&
					(update.argument ?? update.left).name === id.name;
				if (!stepped) return;
				// roblox-ts leaves a loop whose test runs against its step alone (`i >= n` counting up).
				const up = update.type === "UpdateExpression" ? update.operator === "++" : update.operator === "+=";
				if (up !== (test.operator === "<" || test.operator === "<=")) return;
				if (test.left.type !== "Identifier" || test.left.name !== id.name)
					context.report({
						node: test,
						message: `roblox-ts 3.0.0 compiles this to a numeric for over \`${id.name}\` and ignores the left side of the test: compare \`${id.name}\` itself (or use a while loop).`,
					});
				else if (containsSize(test.right))
					context.report({
						node: test.right,
						message:
							"roblox-ts 3.0.0 evaluates this bound once (a numeric for): take the size into a const before the loop, so the loop reads as it runs, or use a while loop if the body changes it.",
					});
			},
		};
	},
};

export default tseslint.config(
	{ ignores: ["out/", "lib/", "include/", "build/", "node_modules/", "tests/consumer/", "**/*.d.ts", "**/*.mjs"] },
	{
		files: ["src/**/*.ts", "tests/**/*.ts"],
		languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
		plugins: { "@typescript-eslint": tseslint.plugin, rankbridge: { rules: { "numeric-for": numericForRule } } },
		rules: {
			"rankbridge/numeric-for": "error",
			"@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
			"@typescript-eslint/no-floating-promises": "off",
			"prefer-const": "error",
			eqeqeq: "error",
		},
	},
	{ ...roblox.configs.recommended, files: ["src/**/*.ts", "tests/**/*.ts"] },
	// `declare namespace RankBridge` beside the class holds types only (RankBridge.Config, ...),
	// which roblox-ts compiles to nothing; the rule is about namespaces with values.
	{ files: ["src/bridge.ts"], rules: { "roblox-ts/no-namespace-merging": "off" } },
	// Stand-ins for engine methods that return several values (GetAsync's value and key info,
	// UpdateAsync's) declare LuaTuple as the engine's own types do: there the tuple is the
	// documented shape, not a choice.
	{
		files: ["tests/cloud/**/*.ts", "tests/specs/helpers/cloud.ts"],
		rules: { "roblox-ts/no-user-defined-lua-tuple": "off" },
	},
	prettier,
);
