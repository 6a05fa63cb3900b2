// What each editor action asks, written the way a senior engineer would ask a colleague. A user can replace any
// of them in settings (`claudeMessages.prompts.<action>`); the code always goes with it as its own located block,
// before the prompt (editorActions.ts).
export type EditorAction = 'explain' | 'findBugs' | 'refactor' | 'addDocs' | 'writeTests';

export const DEFAULT_PROMPTS: Record<EditorAction, string> = {
  explain:
    'Explain this code to a developer who is new to it: what it does, how it works step by step, and anything ' +
    'non-obvious (edge cases, assumptions, side effects, performance). Be concrete and refer to names in the code.',
  findBugs:
    'Review this code for bugs. For each real problem, give the line, what goes wrong and when (a concrete input ' +
    'or sequence), and a minimal fix as a code block. Order by severity; skip style nits. If you find nothing ' +
    'wrong, say so and name what you checked.',
  refactor:
    'Refactor this code to be clearer and simpler without changing its behaviour or public interface. Reply with ' +
    'the complete refactored code in one code block, then a short list of what changed and why.',
  addDocs:
    "Add documentation comments to this code in the language's usual style (for example JSDoc, docstrings, " +
    'rustdoc): what each public function, class or type does, its parameters, return value, errors, and any ' +
    'non-obvious behaviour. Reply with the complete code including the comments in one code block; do not ' +
    'change the code itself.',
  writeTests:
    'Write thorough unit tests for this code with the test framework this project most likely uses (say which ' +
    'one you assumed). Cover normal cases, edge cases and error paths, one behaviour per test with descriptive ' +
    'names. Reply with the complete test file in one code block.',
};
