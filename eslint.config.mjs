// Lint rules for the whole package. The import-direction rules below are the build-time
// enforcement of the dependency arrows in the design (ARCHITECTURE.md):
//   connectors/<system>/ -> runtime/api only
//   runtime/ -> (Kafka client) broker: no source imports;  runtime/ -> registry/client only (REST + wire format)
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
      'no-restricted-imports': ['error', {
        patterns: [
          ...['connectors', 'broker', 'cli'].map((p) => ({ group: part(p), message: 'runtime/ talks to the broker only over the network (see the import directions in README.md)' })),
          { group: ['**/registry/*', '!**/registry/client', '!**/registry/client/**'], message: 'runtime/ uses the registry only through its client library registry/client (REST + wire format)' },
        ],
      }],
    },
  },
  {
    // The registry's client library (REST client, wire-format serde) is what the runtime imports,
    // so it must not pull in the server.
    files: ['registry/client/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...['runtime', 'connectors', 'broker', 'cli'].map((p) => ({ group: part(p), message: 'registry/client is a client library' })),
          { group: ['../*', '!../schema', '!../schema/**', '!../errors.js', '../../*'], message: 'registry/client may use only registry/schema and registry/errors, never the server' },
        ],
      }],
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
