// A code fence's language as a VS Code language id, for "New File" from a reply's code block. Models write the
// short names (ts, py, sh); VS Code's ids are mostly the long ones. Unknown names are returned as they are and
// the host checks them against the languages VS Code knows.
const ALIASES: Record<string, string> = {
  ts: 'typescript',
  tsx: 'typescriptreact',
  js: 'javascript',
  jsx: 'javascriptreact',
  mjs: 'javascript',
  cjs: 'javascript',
  py: 'python',
  python3: 'python',
  rb: 'ruby',
  rs: 'rust',
  sh: 'shellscript',
  bash: 'shellscript',
  zsh: 'shellscript',
  shell: 'shellscript',
  console: 'shellscript',
  ps1: 'powershell',
  pwsh: 'powershell',
  yml: 'yaml',
  md: 'markdown',
  'c++': 'cpp',
  cc: 'cpp',
  hpp: 'cpp',
  h: 'c',
  cs: 'csharp',
  'c#': 'csharp',
  kt: 'kotlin',
  golang: 'go',
  dockerfile: 'dockerfile',
  docker: 'dockerfile',
  text: 'plaintext',
  txt: 'plaintext',
  plain: 'plaintext',
  jsonc: 'jsonc',
  json5: 'jsonc',
  html: 'html',
  xml: 'xml',
  svg: 'xml',
  objc: 'objective-c',
  tf: 'terraform',
  hcl: 'terraform',
  vue: 'vue',
  proto: 'proto3',
};

export function languageIdForFence(fence: string): string {
  const name = fence.trim().toLowerCase();
  if (!name) return 'plaintext';
  return ALIASES[name] ?? name;
}
