// The Test Connection report as Markdown: one heading with the verdict, what was tested, then one section per step.
// Built only from the report (which never holds the key), so it can be copied into a bug report as it is.
import type { DiagnosisReport, StepStatus } from './diagnose';

// Plain words, not emoji: the report must read the same in any editor font and in a pasted ticket.
const MARK: Record<StepStatus, string> = { pass: '[PASS]', fail: '[FAIL]', warn: '[WARN]', skip: '[SKIP]' };

export function summarize(report: DiagnosisReport): string {
  if (report.ok) {
    const warned = report.steps.filter((s) => s.status === 'warn').length;
    return `Connection test passed for ${report.profile} (${report.baseUrl})${warned ? `, with ${warned} warning${warned > 1 ? 's' : ''}` : ''}.`;
  }
  const failed = report.steps.find((s) => s.status === 'fail');
  return `Connection test failed at "${failed?.title ?? '?'}": ${failed?.advice ?? failed?.detail ?? ''}`;
}

export function formatReport(report: DiagnosisReport, at = new Date()): string {
  const lines = [
    `# Claude: Test Connection: ${report.ok ? 'PASSED' : 'FAILED'}`,
    '',
    summarize(report),
    '',
    `- Profile: ${report.profile}`,
    `- Base URL: ${report.baseUrl}`,
    `- Format: ${report.apiFormat}`,
    `- Key: sent as ${report.authHeader === 'bearer' ? 'Authorization: Bearer' : 'x-api-key'}, from ${report.keySource}`,
    `- Model: ${report.model}`,
    ...report.network.map((line) => `- ${line}`),
    `- Run at: ${at.toISOString()}`,
    '',
  ];
  report.steps.forEach((s, i) => {
    lines.push(
      `## ${i + 1}. ${s.title}: ${MARK[s.status]}${s.ms !== undefined ? ` (${s.ms} ms)` : ''}`,
      '',
      s.detail,
    );
    const ids = [
      s.status_code !== undefined ? `HTTP ${s.status_code}` : undefined,
      s.errorCode ? `error code ${s.errorCode}` : undefined,
      s.requestId ? `request/trace id ${s.requestId}` : undefined,
    ].filter(Boolean);
    if (ids.length) lines.push('', `Endpoint said: ${ids.join(', ')}`);
    if (s.advice) lines.push('', `What to do: ${s.advice}`);
    lines.push('');
  });
  if (report.models.length > 0) lines.push('## Models listed', '', ...report.models.map((m) => `- ${m}`), '');
  return lines.join('\n');
}
