export { StreamingMarkdown, type MarkdownHooks } from './streamingMarkdown';
