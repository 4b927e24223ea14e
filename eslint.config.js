// `npm run lint` (part of `npm test`): typescript-eslint's recommended rules and a line-length limit
// on every hand-written TypeScript file. Generated code (generated/, imports/) is not linted.
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'lib/', 'dist/', 'generated/', 'imports/', '.baseline/', 'examples/typescript/lib/', 'examples/typescript/dist/', '.stryker-tmp*/', 'reports/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.cts', '**/*.mjs', '**/*.js'],
    plugins: { '@stylistic': stylistic },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      // A user-facing message stays on one line so that grepping its words finds the code that printed it.
      '@stylistic/max-len': ['error', { code: 160, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true }],
      curly: ['error', 'multi-line'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The conformance checker judges YAML of any shape a user hands it, and tests read parsed YAML.
    files: ['src/conformance/**/*.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // A CommonJS preload (`node --require`), run in every measured process.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
