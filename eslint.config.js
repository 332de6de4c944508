import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/", "**/.build/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // The console page shows request values: they reach the DOM as text, never as markup.
    files: ["gateway/console/page/**/*.ts"],
    rules: {
      "no-restricted-properties": ["error",
        ...["innerHTML", "outerHTML", "insertAdjacentHTML", "write", "writeln", "createContextualFragment"]
          .map((property) => ({ property, message: "builds markup from text; use h() and text nodes" })),
      ],
    },
  },
);
