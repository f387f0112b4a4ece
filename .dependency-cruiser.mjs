// The import rules ESLint cannot see across files, checked by dependency-cruiser (`npm run lint:imports`):
// no import cycles, capability modules that meet only at each other's index.ts, and services and the
// CLI free of GraphQL (the transport lives in src/graphql and the *.schema.ts files). The cycles between
// capability modules are checked by a second run: .dependency-cruiser.modules.mjs.
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import cycle at run time: files that need each other, so one of them runs half-loaded. Break it by moving what both need into a third file. (Cycles made only of `import type` erase at build time and are left to no-circular-modules.)',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'module-through-index',
      severity: 'error',
      comment:
        "A capability module (src/modules/<name>/) uses another only through that module's index.ts, so what a module offers is written down in one place.",
      from: { path: '^src/modules/([^/]+)/', pathNot: '\\.schema\\.ts$' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'module-through-index-schema',
      severity: 'error',
      comment:
        "The GraphQL side of a module (*.schema.ts) may also use another module's *.schema.ts (its object types, e.g. ProjectRef), which index.ts does not export: the services stay free of GraphQL.",
      from: { path: '^src/modules/([^/]+)/.+\\.schema\\.ts$' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$', '\\.schema\\.ts$'] },
    },
    {
      name: 'transport-free-services',
      severity: 'error',
      comment:
        'Services (*.service.ts) and the CLI know nothing of GraphQL: they take and return plain values and throw domain errors; src/graphql and the *.schema.ts files translate.',
      from: { path: ['\\.service\\.ts$', '^src/cli/'] },
      to: { path: ['^src/graphql/', '^node_modules/(graphql|graphql-yoga|graphql-scalars|@pothos/[^/]+)/'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to no file (a typo, or a file that moved).',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^test/generated/', '^console/src/generated/'] },
    // Type-only imports count too: a module's types are part of what it offers through its index.ts.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
