// Lint rules for the whole package. The import-direction rules below are the build-time
// enforcement of the dependency arrows in the design (ARCHITECTURE.md):
//   connectors/<system>/ -> runtime/api only
//   runtime/ -> (Kafka client) broker;  runtime/ -> (HTTP) registry: no source imports of either
//   registry/ -> (Kafka client) broker: no source imports of runtime/, connectors/, broker/
//   broker/   -> nothing from the other parts
import tseslint from 'typescript-eslint';

const part = (dir) => [`**/${dir}/**`, `../${dir}/*`, `../../${dir}/*`, `../../../${dir}/*`];
const forbid = (parts, why) => ({
  patterns: parts.map((p) => ({ group: part(p), message: `${why} (see the import directions in README.md)` })),
});

export default tseslint.config(
  { ignores: ['build/**', 'node_modules/**', 'broker/protocol/messages/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['broker/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', forbid(['runtime', 'registry', 'connectors', 'cli'], 'broker/ must not import from the other parts')],
    },
  },
  {
    files: ['registry/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', forbid(['runtime', 'connectors', 'broker', 'cli'], 'registry/ talks to the broker only through a Kafka client')],
    },
  },
  {
    files: ['runtime/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', forbid(['connectors', 'broker', 'registry', 'cli'], 'runtime/ talks to the broker and registry only over the network')],
    },
  },
  {
    files: ['connectors/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...['broker', 'registry', 'cli'].map((p) => ({ group: part(p), message: 'connectors import only runtime/api' })),
          { group: ['**/runtime/*', '!**/runtime/api', '!**/runtime/api/*', '!**/runtime/api.js', '!**/runtime/api/**'], message: 'connectors import only runtime/api' },
        ],
      }],
    },
  },
);
