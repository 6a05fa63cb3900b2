// Every profile's models for VS Code's model list: the endpoint's /v1/models, else the configured model
// (`claudeMessages.model`). A profile without a key offers nothing, since listing and every request need it. Lists
// are kept for a while (VS Code asks often) and forgotten when settings or keys change.
import type * as vscode from 'vscode';
import { MessagesClient } from '../../core/messages/client';
import { requestLogLine } from '../../core/messages/requestLog';
import { modelInfo, type CatalogProfile, type ListedModel, type LmModelInfo } from '../../core/lm/modelInfo';
import type { Profile } from '../../core/connection/profiles';
import { clientConfig, keyFor, readProfileSettings } from '../connection/resolveConnection';
import { providerSettings } from './providerSettings';

/** How long a profile's list is reused before the endpoint is asked again. */
const LIST_TTL_MS = 10 * 60_000;
const LIST_TIMEOUT_MS = 15_000;

interface Listing {
  at: number;
  models: Promise<ListedModel[]>;
}

export function catalogProfile(profile: Profile): CatalogProfile {
  return {
    name: profile.name,
    baseUrl: profile.endpoint.baseUrl,
    apiFormat: profile.endpoint.apiFormat,
    anthropicBeta: profile.endpoint.anthropicBeta,
  };
}

export class ModelCatalog {
  private readonly listings = new Map<string, Listing>();
  /** What each offered model was listed with (limits a gateway reported), by provider model id. */
  private readonly listed = new Map<string, ListedModel>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  forget(): void {
    this.listings.clear();
  }

  /** The listing entry a model was offered with, if it still is. */
  listedModel(lmId: string): ListedModel | undefined {
    return this.listed.get(lmId);
  }

  async models(signal: AbortSignal): Promise<LmModelInfo[]> {
    const { read } = readProfileSettings();
    const settings = providerSettings();
    const perProfile = await Promise.all(
      read.profiles.map(async (profile) => {
        const key = await keyFor(this.secrets, profile);
        if (!key.key) {
          this.log.debug(`Language models: profile "${profile.name}" has no key, so it offers no models.`);
          return [];
        }
        const models = await this.list(profile, key, settings.configuredModel, signal);
        return models.map((model) => ({ profile, model }));
      }),
    );
    this.listed.clear();
    const infos: LmModelInfo[] = [];
    for (const { profile, model } of perProfile.flat()) {
      const info = modelInfo({ profile: catalogProfile(profile), model, maxTokens: settings.maxTokens });
      this.listed.set(info.id, model);
      infos.push(info);
    }
    return infos;
  }

  private list(
    profile: Profile,
    key: Awaited<ReturnType<typeof keyFor>>,
    configured: string,
    signal: AbortSignal,
  ): Promise<ListedModel[]> {
    const id = `${profile.name}\0${profile.endpoint.baseUrl}\0${profile.endpoint.apiFormat}\0${key.source}`;
    const cached = this.listings.get(id);
    if (cached && Date.now() - cached.at < LIST_TTL_MS) return cached.models;
    const baseUrl = profile.endpoint.baseUrl;
    const client = new MessagesClient({
      ...clientConfig(profile, key),
      maxRetries: 1,
      onLog: (e) => this.log.debug(requestLogLine(baseUrl, e)),
    });
    const models = client
      .listModels(AbortSignal.any([signal, AbortSignal.timeout(LIST_TIMEOUT_MS)]))
      .then((listed) => {
        if (listed.length > 0) return listed as ListedModel[];
        this.log.info(`Language models: ${baseUrl} lists no models; offering the configured model.`);
        return fallback(configured);
      })
      .catch((e: unknown) => {
        this.listings.delete(id); // ask again next time
        this.log.warn(
          `Language models: could not list the models of profile "${profile.name}" (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); offering the configured model${configured ? ` ${configured}` : ' (none set)'}.`,
        );
        return fallback(configured);
      });
    this.listings.set(id, { at: Date.now(), models });
    return models;
  }
}

function fallback(configured: string): ListedModel[] {
  return configured ? [{ id: configured }] : [];
}
