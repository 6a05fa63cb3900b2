// Shared pieces of the long-session specs: workspace files of about 8 KB, and a scripted tool session that reads
// them one round at a time, then answers.
import type { EndpointProcess } from './endpointProcess';
import { toolUse } from './toolSupport';

export const ROUNDS = 14;

export function sessionFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 1; i <= ROUNDS; i++)
    files[`src/f${i}.ts`] = `// file ${i}\n${'export const value = compute(input) + 42;\n'.repeat(190)}`;
  return files;
}

export async function scriptSession(endpoint: EndpointProcess, answer: string): Promise<void> {
  const rounds = Array.from({ length: ROUNDS }, (_, i) => ({
    content: [
      { type: 'text', text: `Reading file ${i + 1}.` },
      toolUse(`toolu_r${i + 1}`, 'read_file', { path: `src/f${i + 1}.ts` }),
    ],
  }));
  await endpoint.script(...rounds, answer);
}
