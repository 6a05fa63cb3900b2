// A workspace with .gitignore files (root and nested), build output, a dependency, a secret and .git.
export const tree = {
  '.gitignore': 'dist/\n*.log\n!keep.log\n',
  '.git/config': '[core]\n',
  'src/a.ts': 'export const needle = 1;\n',
  'src/b.tsx': 'const x = "Needle";\n',
  'src/gen/.gitignore': '*.gen.ts\n',
  'src/gen/x.gen.ts': 'needle generated\n',
  'src/gen/y.ts': 'kept\n',
  'dist/out.js': 'needle in build output\n',
  'debug.log': 'needle in a log\n',
  'keep.log': 'needle kept log\n',
  'node_modules/pkg/index.js': 'needle in a dependency\n',
  '.env': 'API_KEY=needle-secret\n',
  'README.md': 'No match here.\n',
};
