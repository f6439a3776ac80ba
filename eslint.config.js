// ESLint for the web front end (web/js): the recommended rules, no function over 80 lines,
// and the layering of the modules — a screen (web/js/views/…) imports only shared modules,
// never the router (app.js) nor another screen. `make lint` runs it (docs/web.md).

import js from "@eslint/js";
import globals from "globals";

const APP_JS = {
  regex: "(^|/)app\\.js$",
  message: "Un écran n'importe pas app.js : l'état partagé et la navigation sont dans state.js.",
};

export default [
  {
    // The vendored renderer of the API reference is kept as published (web/vendor/README.md).
    ignores: ["node_modules/**", "web/vendor/**", "web/config.js", ".venv/**", "out/**", "vendor/**"],
  },
  {
    files: ["web/**/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser },
    },
    rules: {
      ...js.configs.recommended.rules,
      "max-lines-per-function": ["error", { max: 80 }],
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
      eqeqeq: ["error", "always"],
      // French text carries U+00A0 before « : ; ! ? » and inside « », written as is in strings
      // and template literals (docs/french.md); anywhere else it stays an error.
      "no-irregular-whitespace": ["error", { skipStrings: true, skipTemplates: true }],
      "no-restricted-properties": [
        "error",
        { property: "innerHTML", message: "Jamais de HTML construit à partir de chaînes : h() et des nœuds texte." },
        { property: "outerHTML", message: "Jamais de HTML construit à partir de chaînes : h() et des nœuds texte." },
      ],
    },
  },
  {
    // A screen of its own file (views/sessions.js…): no sibling screen, no app.js.
    files: ["web/js/views/*.js"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            APP_JS,
            { regex: "^\\./", message: "Un écran n'importe pas un autre écran : mettez le code commun dans web/js/." },
          ],
        },
      ],
    },
  },
  {
    // The parts of a screen split into a folder (views/finalization/…): their own folder and
    // the shared modules (../../x.js) only — neither another screen (../x.js, ../y/z.js) nor app.js.
    files: ["web/js/views/*/**/*.js"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            APP_JS,
            { regex: "^\\.\\./[^./]", message: "Un écran n'importe pas un autre écran : mettez le code commun dans web/js/." },
          ],
        },
      ],
    },
  },
  {
    files: ["eslint.config.js"],
    languageOptions: { sourceType: "module", globals: { ...globals.node } },
  },
];
