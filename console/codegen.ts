// GraphQL Code Generator for the console: typed documents (client-preset) from the committed
// schema and the `graphql(…)` calls in console/src, plus the persisted-documents manifest
// (hash → document) that the gateway accepts by hash. Run from the repository root
// (`npm run codegen` runs this after the tests' codegen.ts); the output is committed.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['console/src/**/*.{ts,tsx}', '!console/src/generated/**'],
  ignoreNoDocuments: false,
  generates: {
    'console/src/generated/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        // Each document carries `__meta__.hash`; persisted-documents.json maps hash → document text.
        persistedDocuments: { hashAlgorithm: 'sha256' },
      },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
