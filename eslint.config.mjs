// ESLint for the TypeScript that roblox-ts compiles (src/ and tests/): the roblox-ts rules
// (what the compiler cannot compile, or compiles to something other than it looks), a few
// typescript-eslint checks, and nothing about layout, which Prettier owns.
import prettier from "eslint-config-prettier";
import roblox from "eslint-plugin-roblox-ts";
import tseslint from "typescript-eslint";

export default tseslint.config(
	{ ignores: ["out/", "lib/", "include/", "build/", "node_modules/", "tests/consumer/", "**/*.d.ts", "**/*.mjs"] },
	{
		files: ["src/**/*.ts", "tests/**/*.ts"],
		languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
		plugins: { "@typescript-eslint": tseslint.plugin },
		rules: {
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
