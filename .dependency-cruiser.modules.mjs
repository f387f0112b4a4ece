// Cycles between capability modules (src/modules/<name>/): the second run of `npm run lint:imports`.
// It cruises src/modules alone, so a module depends on another only by importing it; src/db (the
// entity list) and src/graphql (the schema) gather every module, and the folder cycles through them
// are how the pieces are put together, not modules that need each other.
import base from './.dependency-cruiser.mjs';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular-modules',
      severity: 'error',
      comment:
        'Capability modules (src/modules/<name>) that need each other, types included: a cycle between module folders, even when no file cycle closes. One of them owns the shared piece, or it moves to a third module. This run sees only src/modules: src/db and src/graphql gather every module (the entity list, the schema), and a cycle through them is not one between modules.',
      scope: 'folder',
      from: { path: '^src/modules/[^/]+$' },
      to: { path: '^src/modules/[^/]+$', circular: true },
    },
  ],
  options: { ...base.options, includeOnly: '^src/modules/' },
};
