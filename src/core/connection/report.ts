// The Test Connection report as Markdown: one heading with the verdict, what was tested, then one section per step.
// Built only from the report (which never holds the key), so it can be copied into a bug report as it is.
import type { DiagnosisReport, StepStatus } from './diagnose';
import { l10n } from '../l10n';

// Plain words, not emoji: the report must read the same in any editor font and in a pasted ticket.
const MARK: Record<StepStatus, string> = { pass: '[PASS]', fail: '[FAIL]', warn: '[WARN]', skip: '[SKIP]' };

export function summarize(report: DiagnosisReport): string {
  if (report.ok) {
    const warned = report.steps.filter((s) => s.status === 'warn').length;
    if (warned === 0) return l10n.t('Connection test passed for {0} ({1}).', report.profile, report.baseUrl);
    return warned === 1
      ? l10n.t('Connection test passed for {0} ({1}), with 1 warning.', report.profile, report.baseUrl)
      : l10n.t(
          'Connection test passed for {0} ({1}), with {2} warnings.',
          report.profile,
          report.baseUrl,
          warned,
        );
  }
  const failed = report.steps.find((s) => s.status === 'fail');
  return l10n.t(
    'Connection test failed at "{0}": {1}',
    failed?.title ?? '?',
    failed?.advice ?? failed?.detail ?? '',
  );
}

export function formatReport(report: DiagnosisReport, at = new Date()): string {
  const lines = [
    report.ok ? l10n.t('# Claude: Test Connection: PASSED') : l10n.t('# Claude: Test Connection: FAILED'),
    '',
    summarize(report),
    '',
    l10n.t('- Profile: {0}', report.profile),
    l10n.t('- Base URL: {0}', report.baseUrl),
    l10n.t('- Format: {0}', report.apiFormat),
    l10n.t(
      '- Key: sent as {0}, from {1}',
      report.authHeader === 'bearer' ? 'Authorization: Bearer' : 'x-api-key',
      report.keySource,
    ),
    l10n.t('- Model: {0}', report.model),
    ...report.network.map((line) => `- ${line}`),
    l10n.t('- Run at: {0}', at.toISOString()),
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
      s.errorCode ? l10n.t('error code {0}', s.errorCode) : undefined,
      s.requestId ? l10n.t('request/trace id {0}', s.requestId) : undefined,
    ].filter(Boolean);
    if (ids.length) lines.push('', l10n.t('Endpoint said: {0}', ids.join(', ')));
    if (s.advice) lines.push('', l10n.t('What to do: {0}', s.advice));
    lines.push('');
  });
  if (report.models.length > 0)
    lines.push(l10n.t('## Models listed'), '', ...report.models.map((m) => `- ${m}`), '');
  return lines.join('\n');
}
