// Import cycles fail the lint (docs/architecture.md, "Rules the build enforces"). Type-only imports count: a cycle
// through types still means two modules each own part of the other's data. ESLint checks the layers; this checks
// cycles, which ESLint's import plugins skip for type imports.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'Move what both modules need into the module that owns it (or a third one).',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    includeOnly: '^(src|test|bench|scripts)/',
    exclude: { path: '^(node_modules|dist|test/fixtures)' },
  },
};
