import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "public/build/", "node_modules/", ".data/", "test-results/", "playwright-report/", "public/*.js", "tests/fixtures/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // App code is imported by the ~/ alias: a relative path that climbs out to another layer
      // (../../platform/db, ../app/http) hides which layer it reaches and breaks when files move.
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(\\.\\./)+(app|core|platform|modules|http|api|routes|components)(/|$)",
              message: "Import app code by the ~/ alias (~/platform/db/client), not by a relative path out of its layer.",
            },
          ],
        },
      ],
      // process.env is read in one place only (app/platform/env.server.ts); tests and the e2e harness set it.
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through getEnv() in app/platform/env.server.ts." },
      ],
    },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: globals.node },
  },
  {
    files: ["app/platform/env.server.ts", "tests/**", "scripts/**", "playwright.config.ts"],
    rules: { "no-restricted-properties": "off" },
  },
);
