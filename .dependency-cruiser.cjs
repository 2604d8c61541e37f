// The layers of docs/architecture.md, enforced by `npm run lint`: every import points down.
// A folder may import its own layer or any lower one; never a higher one, never into a cycle.
const LAYERS = [
  ['config', 'http', 'drf', 'common'],
  ['access', 'metrics', 'health'],
  ['users', 'sessions', 'audit'],
  ['tokens'],
  ['auth', 'accounts'],
  ['oauth', 'console'],
];
const folders = (names) => `^src/(${names.join('|')})/`;

const upward = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `layer-${index}-imports-up`,
  comment: `${layer.join(', ')} may not import a higher layer`,
  severity: 'error',
  from: { path: folders(layer) },
  to: { path: `${folders(LAYERS.slice(index + 1).flat())}|^src/(database|cli)/|^src/[^/]+\\.ts$` },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    ...upward,
    {
      name: 'features-reach-auth-through-access',
      comment: 'below the routes that issue tokens, the caller is known only through access/',
      severity: 'error',
      from: { path: folders(['users', 'sessions', 'audit', 'health', 'metrics', 'accounts', 'console']) },
      to: { path: folders(['auth']) },
    },
    {
      name: 'src-does-not-import-tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [
          '\\.d\\.ts$',
          '(^|/)\\.[^/]+\\.(c?js|json)$',
          '^src/(main|cli|migrate)\\.ts$',
          '^src/database/migrations/',
        ],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    // The console's browser code (src/console/web/) is a separate program, loaded by the page.
    exclude: { path: '\\.spec\\.ts$|^src/console/web/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
