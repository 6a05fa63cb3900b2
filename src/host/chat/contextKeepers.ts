// One ContextKeeper per endpoint profile and model, kept for the window's life: the estimate's calibration and a
// window learned from a refusal carry over from turn to turn (docs/architecture.md, "Long sessions"). The window
// comes from `contextWindow` on the active profile, else `claudeMessages.contextWindow`, else the model table for
// Claude models, else what the endpoint's /v1/models reports for the model (context_window, max_input_tokens; asked
// once), else the table's conservative guess for an unknown model.
import * as vscode from 'vscode';
import { ContextKeeper } from '../../core/context/contextKeeper';
import type { Compaction } from '../../core/context/contextState';
import { TokenEstimator } from '../../core/lm/tokenEstimate';
import { modelLimits, reportedLimits, type ReportedLimits } from '../../core/lm/modelLimits';
import type { MessagesClient } from '../../core/messages/client';
import type { TurnDefaults } from '../../core/chat/turnRequest';
import type { ContextUsage } from '../../shared/protocol';
import { userValue } from '../userSettings';

/** The window set for a profile: its own `contextWindow`, else the global setting; 0 = from the model. */
function configuredWindow(profile: string): number {
  const list = userValue<unknown[]>('profiles');
  const entry = Array.isArray(list)
    ? (list.find((p) => (p as { name?: unknown })?.name === profile) as
        { contextWindow?: unknown } | undefined)
    : undefined;
  const own = entry?.contextWindow;
  if (typeof own === 'number' && Number.isInteger(own) && own > 0) return own;
  const global = vscode.workspace.getConfiguration('claudeMessages').get<number>('contextWindow', 0);
  return Number.isInteger(global) && global > 0 ? global : 0;
}

/** A model list that takes longer than this is not waited for: the table's window is used. */
const LIST_TIMEOUT_MS = 5_000;

function threshold(): number {
  const percent = vscode.workspace
    .getConfiguration('claudeMessages')
    .get<number>('autoCompact.threshold', 80);
  return Math.min(100, Math.max(10, Number.isFinite(percent) ? percent : 80)) / 100;
}

export class ContextKeepers {
  private readonly keepers = new Map<string, ContextKeeper>();
  private readonly estimator = new TokenEstimator();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** Per profile: what its /v1/models said of each model's limits (asked once per window; none when it failed). */
  private readonly listed = new Map<string, Promise<Map<string, ReportedLimits>>>();

  private reported(profile: string, client: MessagesClient): Promise<Map<string, ReportedLimits>> {
    let found = this.listed.get(profile);
    if (!found) {
      found = client
        .listModels(AbortSignal.timeout(LIST_TIMEOUT_MS))
        .then((models) => new Map(models.map((m) => [m.id, reportedLimits(m)])))
        .catch((e: unknown) => {
          this.log.info(
            `No model limits from ${profile}'s model list (${e instanceof Error ? e.message : String(e)}).`,
          );
          return new Map<string, ReportedLimits>();
        });
      this.listed.set(profile, found);
    }
    return found;
  }

  /** The keeper for this turn's profile, model and settings; `onCompacted` is this turn's (the view's divider). */
  for(o: {
    profile: string;
    client: MessagesClient;
    canCount: boolean;
    betas?: readonly string[];
    turn: TurnDefaults;
    onCompacted: (c: Compaction) => void;
    onUsage?: (u: ContextUsage) => void;
  }): ContextKeeper {
    const configured = configuredWindow(o.profile);
    const fromTable = modelLimits({ modelId: o.turn.model, betas: o.betas });
    const window = configured || fromTable.contextWindow;
    // The endpoint's model list is asked only for a model the table does not know (a gateway's own model names):
    // for Claude models the table is right, and the first question should not wait for another request.
    const askEndpoint = !configured && fromTable.source === 'unknown';
    const limits = { window, maxTokens: o.turn.maxTokens, threshold: threshold() };
    const key = `${o.profile}/${o.turn.model}/${window}/${limits.maxTokens}/${limits.threshold}`;
    let keeper = this.keepers.get(key);
    if (!keeper) {
      keeper = new ContextKeeper({
        limits,
        key: `${o.profile}/${o.turn.model}`,
        estimator: this.estimator,
        // A window the endpoint reports for the model wins over the table (not over the user's setting).
        reportedWindow: !askEndpoint
          ? undefined
          : this.reported(o.profile, o.client).then((listed) => {
              const reported = listed.get(o.turn.model);
              if (!reported) return undefined;
              const limits = modelLimits({ modelId: o.turn.model, betas: o.betas, reported });
              return limits.source === 'reported' ? limits.contextWindow : undefined;
            }),
        summarize: async (request, signal) => {
          const reply = await this.current.client.create(request, signal);
          return reply.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
        },
        countTokens: (request, signal) =>
          this.current.canCount
            ? this.current.client.countTokens(request, signal)
            : Promise.reject(new Error('no count')),
        onCompacted: (c) => {
          this.log.info(
            `Compacted the conversation (${c.kind}, ${c.reason}): about ${c.tokensBefore} → ${c.tokensAfter} input tokens.`,
          );
          this.current.onCompacted(c);
        },
        onUsage: (u) => this.current.onUsage?.(u),
      });
      this.keepers.set(key, keeper);
    }
    this.current = o;
    return keeper;
  }

  /** The turn a keeper works for now (one turn runs at a time): its client and where compactions are shown. */
  private current!: {
    client: MessagesClient;
    canCount: boolean;
    onCompacted: (c: Compaction) => void;
    onUsage?: (u: ContextUsage) => void;
  };
}
