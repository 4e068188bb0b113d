/**
 * Cycles between the server's modules, checked on the graph collapsed to one node per module
 * (`npm run check:boundaries` runs it with --collapse). A cycle between two modules means
 * neither can change alone, even when no single file imports in a circle.
 */
const MODULES = '^packages/server/src/modules/';
const base = require('./.dependency-cruiser.cjs');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-module-cycles',
      severity: 'error',
      comment: 'The modules form a layered graph: no module depends on itself through others.',
      from: { path: `${MODULES}[^/]+/` },
      to: { path: `${MODULES}[^/]+/`, circular: true, viaOnly: { path: `${MODULES}[^/]+/` } },
    },
  ],
  options: base.options,
};
