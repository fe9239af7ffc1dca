/**
 * The module boundaries of README "How it fits together", checked by `npm run deps:check` (part of
 * `npm test`). Each rule's name and comment say which arrow it keeps true.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'Data goes one way: no module imports, through any path, a module that imports it.',
      severity: 'error',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-type-cycles',
      comment: 'Not even through type imports: a cycle of types is a cycle of ideas.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'contract-imports-nothing-of-ours',
      comment: 'contracts/ is the one typed boundary; it depends on zod and nothing of ours.',
      severity: 'error',
      from: { path: '^contracts/' },
      to: { path: '^(backend|collectors|dashboard|tests|bench|scripts)/' },
    },
    {
      name: 'dashboard-imports-only-the-contract',
      comment: 'The pages import nothing from outside dashboard/ but the contract (and packages).',
      severity: 'error',
      from: { path: '^dashboard/' },
      to: { path: '^(backend|collectors|tests|bench|scripts)/' },
    },
    {
      name: 'sentiment-never-imports-sockets',
      comment: 'Rules, levels and alerts emit on the bus; only realtime/ talks to sockets.',
      severity: 'error',
      from: { path: '^backend/sentiment/' },
      to: { path: '(^backend/realtime/|node_modules/socket\\.io)' },
    },
    {
      name: 'only-realtime-emits-to-sockets',
      comment: 'Domain modules never import socket.io; realtime/ and the composition root do.',
      severity: 'error',
      from: {
        path: '^backend/',
        pathNot: '^backend/(realtime/|app\\.ts$|main\\.ts$)',
      },
      to: { path: 'node_modules/socket\\.io/' },
    },
    {
      name: 'store-adapters-never-import-domain-services',
      comment: 'A store adapter knows the contract and platform helpers, never a domain module.',
      severity: 'error',
      from: { path: '^backend/store/' },
      to: {
        path: '^backend/(reports|judgement|understanding|sentiment|cases|notify|auth|users|realtime|schedules|work-orders|app\\.ts|main\\.ts|workflow\\.ts)',
      },
    },
    {
      name: 'reports-never-call-downstream',
      comment:
        'Ingest reads (a function it is given), stores and publishes; it calls nothing after.',
      severity: 'error',
      from: { path: '^backend/reports/' },
      to: { path: '^backend/(sentiment|cases|notify|realtime|judgement)/' },
    },
    {
      name: 'collectors-never-import-a-store',
      comment: 'Collectors reach the backend only through collectors/port.ts.',
      severity: 'error',
      from: { path: '^collectors/', pathNot: '\\.test\\.ts$' },
      to: { path: '^backend/store/' },
    },
    {
      name: 'collectors-reach-the-backend-only-through-the-port',
      comment:
        'Besides the port, a collector may use shared building blocks (platform, http, config, ' +
        'auth key checks) and the region tree the port hands it; no other module, table or file.',
      severity: 'error',
      from: { path: '^collectors/', pathNot: '\\.test\\.ts$' },
      to: {
        path: '^backend/',
        pathNot:
          '^backend/(platform|http|config|regions)/|^backend/auth/(ingest-keys|require-key)\\.ts$',
      },
    },
    {
      name: 'backend-modules-never-import-collectors',
      comment: 'Only the composition root mounts collectors.',
      severity: 'error',
      from: { path: '^backend/', pathNot: ['^backend/(app|main)\\.ts$', '\\.test\\.ts$'] },
      to: { path: '^collectors/' },
    },
    {
      name: 'notify-never-imports-cases',
      comment:
        'Cases tell notify what happened; notify owns its tables and knows nothing of cases.',
      severity: 'error',
      from: { path: '^backend/notify/' },
      to: { path: '^backend/cases/' },
    },
    {
      name: 'production-code-never-imports-tests',
      severity: 'error',
      from: { path: '^(backend|collectors|contracts|dashboard)/', pathNot: '\\.test\\.ts$' },
      to: { path: '^tests/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dashboard/dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.vue', '.json'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
