const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

const DIALECTS = ['cas', 'ciam', 'iform', 'maxkey', 'spring', 'standard'];

/** Dialects see the core and the kit through their public surfaces only (`src/core`, `dialects/kit`, `dialects/kit/jvm`). */
const PAST_THE_SURFACES = [
  {
    group: ['**/src/**', '!**/src/core', '!**/src/core/**'],
    message: 'a dialect imports the core through its surface (src/core) and the wire helpers through dialects/kit',
  },
  {
    group: ['**/src/core/**'],
    message: 'a dialect imports the core through its surface: src/core (src/core/index.ts), not its files',
  },
  {
    group: ['**/kit/*', '!**/kit/jvm', '**/kit/jvm/*'],
    message: 'a dialect imports the kit through its surfaces: dialects/kit or dialects/kit/jvm',
  },
];

/** The layering: the core knows no HTTP and no dialect; no dialect reaches into another (the kit is shared). */
const layering = [
  // Any dialect folder, including one this list does not name yet; the named ones below add the cross-dialect rule.
  {
    files: ['dialects/*/**/*.ts'],
    ignores: ['dialects/kit/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: PAST_THE_SURFACES }] },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/http', '**/http/**', '../http', '../http/**', '../../http/**'], message: 'the core does not import src/http: it knows no wire format' },
            { group: ['**/dialects', '**/dialects/**'], message: 'the core does not import a dialect' },
          ],
        },
      ],
    },
  },
  ...DIALECTS.map((dialect) => ({
    files: [`dialects/${dialect}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...DIALECTS.filter((other) => other !== dialect).map((other) => ({
              group: [`../${other}`, `../${other}/**`, `../../${other}/**`, `**/dialects/${other}`, `**/dialects/${other}/**`],
              message: `dialect "${dialect}" does not import dialect "${other}": shared code belongs in the core or dialects/kit`,
            })),
            ...PAST_THE_SURFACES,
          ],
        },
      ],
    },
  })),
];

module.exports = tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // examples/ is a consumer's jest suite in plain CommonJS, run against the packed tarball (test/library/pack.test.ts).
    files: ['examples/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: Object.fromEntries(
        ['describe', 'it', 'expect', 'beforeAll', 'beforeEach', 'afterAll', 'afterEach', 'fetch', 'Buffer', 'URLSearchParams'].map((name) => [name, 'readonly']),
      ),
    },
  },
  ...layering,
);
