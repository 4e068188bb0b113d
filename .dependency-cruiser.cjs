/**
 * The server's module boundaries, checked in CI (`npm run check:boundaries`).
 * A module is a folder under packages/server/src/modules; its public face is its index.ts.
 * docs/architecture.md ("Module map") says who owns what and who may call whom.
 */
const MODULES = '^packages/server/src/modules/';

/**
 * The modules in layers, bottom first. A module imports only modules of lower layers, never one of
 * its own layer or above, so the modules form no cycle. Route files (`*.routes.ts`) are the HTTP
 * edge above every module, mounted only by the registry: they may call any module's face, as
 * app.ts does. docs/architecture.md's module map draws these layers.
 */
const LAYERS = [
  ['identity', 'webhooks'],
  ['catalog', 'payment', 'uploads', 'leader', 'notices'],
  ['campaign', 'privacy', 'crm', 'training'],
  ['promotions'],
  ['ordering'],
  ['pickup', 'points', 'flashsale'],
  ['aftersales'],
  ['logistics', 'leader-applications'],
  ['order-desk', 'feedback'],
  ['procurement'],
  ['ledger'],
  ['settlement', 'shop', 'invites', 'teambuy', 'lottery', 'bargain', 'leader-performance', 'leader-recruiting', 'help-sell'],
  ['leader-transfer'],
  ['web'],
];

/** One rule per layer: its modules import nothing of their own layer or above. */
const layerRules = LAYERS.map((layer, i) => ({
  name: `layer-${layer.join('-')}`,
  severity: 'error',
  comment: `${layer.join(', ')} may import only modules of lower layers (${LAYERS.slice(0, i).flat().join(', ') || 'none'}).`,
  from: { path: `${MODULES}(${layer.join('|')})/`, pathNot: '[.]routes[.]ts$' },
  to: { path: `${MODULES}(${LAYERS.slice(i).flat().join('|')})/`, pathNot: `${MODULES}$1/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'module-internals',
      severity: 'error',
      comment: "A module imports another only through that module's public face (its index.ts).",
      from: { path: `${MODULES}([^/]+)/` },
      to: { path: MODULES, pathNot: [`${MODULES}$1/`, `${MODULES}[^/]+/index[.]ts$`] },
    },
    {
      name: 'app-uses-public-faces',
      severity: 'error',
      comment: 'The app, HTTP layer, platform and demo reach modules only through their public faces.',
      from: { path: '^packages/server/src/', pathNot: `${MODULES}` },
      to: { path: `${MODULES}[^/]+/`, pathNot: `${MODULES}[^/]+/index[.]ts$` },
    },
    {
      name: 'registry-takes-routes-and-faces',
      severity: 'error',
      comment: "The module registry (modules/index.ts) takes each module's routes files and its public face, nothing else.",
      from: { path: `${MODULES}index[.]ts$` },
      to: { path: `${MODULES}[^/]+/`, pathNot: [`${MODULES}[^/]+/index[.]ts$`, `${MODULES}[^/]+/[^/]+[.]routes[.]ts$`] },
    },
    {
      name: 'only-the-registry-mounts-routes',
      severity: 'error',
      comment: 'Routes are the HTTP edge above every module: only the registry imports them (so the layer rules may leave them out).',
      from: { pathNot: `${MODULES}index[.]ts$` },
      to: { path: `${MODULES}[^/]+/[^/]+[.]routes[.]ts$` },
    },
    {
      name: 'event-registry-takes-faces',
      severity: 'error',
      comment: "The event registry (modules/events.ts) takes each module's event schemas from its public face, nothing else.",
      from: { path: `${MODULES}events[.]ts$` },
      to: { path: `${MODULES}[^/]+/`, pathNot: `${MODULES}[^/]+/index[.]ts$` },
    },
    {
      name: 'core-not-web',
      severity: 'error',
      comment: 'The web module feeds the screens from the core modules; no core module depends on it.',
      from: { path: MODULES, pathNot: [`${MODULES}web/`, `${MODULES}index[.]ts$`] },
      to: { path: `${MODULES}web/` },
    },
    {
      name: 'rules-and-services-not-http',
      severity: 'error',
      comment: 'Rules and services do not know HTTP: routes call them, never the reverse.',
      from: { path: '[.](rules|service|queries|repository)[.]ts$' },
      to: { path: '^packages/server/src/http/' },
    },
    {
      name: 'platform-not-modules',
      severity: 'error',
      comment: 'The platform (database, events, jobs, money, clock) serves every module and knows none.',
      from: { path: '^packages/server/src/platform/' },
      to: { path: MODULES },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles that run code (type-only imports are erased before running).',
      from: { path: '^packages/server/src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^packages/server/src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
