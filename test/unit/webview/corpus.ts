// Markdown that exercises every kind of top-level block and the places where a streamed prefix is ambiguous.
export const CORPUS: readonly string[] = [
  '# Title\nSome text right after a heading.\n\nA second paragraph with **bold**, *em*, `code` and a [link](https://example.com).\n',
  'Intro line\n- item one\n- item two\n  - nested a\n  - nested b\n- item three\n\nAfter the list.\n',
  '1. first\n\n1. still the same loose list\n\n10. ten\n\nText\n\n1\n\n2. not a list start\n',
  'Here is code:\n```ts\nconst x: number = 1;\nfunction f() {\n  return x;\n}\n```\nAnd after it.\n\n```python\ndef g():\n    return 2\n```\n',
  '| a | b |\n|:--|--:|\n| 1 | 2 |\n| 3 | 4 |\n\npara\n| x | y |\n|---|---|\n| 5 | 6 |\n',
  '> quoted\nlazy continuation\n\n> second quote\n> - with a list\n\nplain\n',
  'para\n#\n\npara\n#not a heading\n\npara\n===\n\nsetext\n---\n\n***\n\n- - -\n',
  'Raw <b>html</b> and <img src=x onerror="window.__pwned=1">\n\n<div onclick="x()">block html</div>\n\n<script>window.__pwned=1</script>\n',
  'See [ref] and [other][o].\n\n[ref]: https://example.com/ref\n[o]: https://example.com/o "Title"\n\nUse [ref] again.\n',
  '~~~\nunclosed tilde fence\nwith lines\n',
  '```js\nconsole.log(1)\n```\n```\nsecond fence immediately\n```\n- [ ] task\n- [x] done\n',
  'Tabs\tand  trailing spaces  \nhard break above\n\n    indented code\n    more\n\nafter indented\n\n* star list\n+ plus list\n',
  'Text with &copy; &amp; &#65; entities, an autolink https://example.com/path and www.example.org.\n\n![remote](https://example.com/a.png) ![local](data:image/png;base64,iVBORw0KGgo=)\n',
  '## Steps\n\n1. Install\n   ```bash\n   npm ci\n   ```\n2. Run\n\n   With a paragraph.\n3. Done\n\n> Note: end\n',
  'See [n] and [q] first.\n\n- [n]: https://example.com/n\n\n> [q]: https://example.com/q\n\nThen [n] again.\n',
  'No trailing newline at the end, and an open ```fence\n```go\nfunc main() {\n\tprintln("hi")\n}',
];
