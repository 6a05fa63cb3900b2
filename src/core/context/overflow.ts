// Telling a refusal for size apart from every other refusal. The API says "prompt is too long: 208310 tokens >
// 200000 maximum" (400 invalid_request_error), or "input length and `max_tokens` exceed context limit"; newer models
// stop with `model_context_window_exceeded` instead; gateways and Chat Completions upstreams have their own words.
// Only these get the automatic compact-and-retry (docs/architecture.md, "Long sessions").

const OVERFLOW_TEXT = [
  /prompt is too long/i,
  /exceed(?:s|ed)? (?:the )?context (?:limit|window|length)/i,
  /input length and `?max_tokens`? exceed/i,
  /maximum context length/i,
  /context[_ ]length[_ ]exceeded/i,
  /context[_ ]window[_ ]exceeded/i,
  /too many (?:input )?tokens/i,
  /(?:request|input|prompt) (?:is )?too large for (?:the )?model/i,
];

export const CONTEXT_STOP_REASON = 'model_context_window_exceeded';

/** Whether an error's text (message, code or type, as the endpoint sent them) says the request was too large. */
export function isContextOverflow(text: string): boolean {
  return OVERFLOW_TEXT.some((re) => re.test(text));
}

/** "prompt is too long: 208310 tokens > 200000 maximum": the counted size and the limit, when the text has them. */
export function overflowNumbers(text: string): { tokens: number; maximum: number } | undefined {
  const n = (s: string) => Number(s.replace(/,/g, ''));
  const api = /(\d[\d,]*)\s*tokens?\s*>\s*(\d[\d,]*)/i.exec(text);
  if (api) return { tokens: n(api[1]!), maximum: n(api[2]!) };
  // "input length and `max_tokens` exceed context limit: 188240 + 21333 > 200000": the window is the last number.
  const sum = /(\d[\d,]*)\s*\+\s*(\d[\d,]*)\s*>\s*(\d[\d,]*)/.exec(text);
  if (sum) return { tokens: n(sum[1]!), maximum: n(sum[3]!) };
  // OpenAI-style: "maximum context length is 50000 tokens. However, your messages resulted in 61234 tokens".
  const chat = /maximum context length is (\d[\d,]*) tokens.*?resulted in (\d[\d,]*) tokens/is.exec(text);
  if (chat) return { tokens: n(chat[2]!), maximum: n(chat[1]!) };
  return undefined;
}
