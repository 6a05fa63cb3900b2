// Named connection profiles ("Anthropic", "Company gateway"): each its own endpoint, wire format, auth header and
// key. The top-level settings form the built-in "Default" profile, so a user with one endpoint never sees profiles.
import { validateEndpoint, type EndpointSettings, type SettingProblem } from './endpointSettings';
import { l10n } from '../l10n';

export const DEFAULT_PROFILE = 'Default';
/** The Default profile keeps the original secret id, so keys stored before profiles existed still work. */
export const DEFAULT_SECRET_ID = 'claudeMessages.apiKey';

export interface Profile {
  name: string;
  endpoint: EndpointSettings;
  /** Where this profile's key lives in SecretStorage. */
  secretId: string;
  /** Only the Default profile falls back to ANTHROPIC_* variables: an Anthropic key must not go to a gateway. */
  usesEnvironment: boolean;
}

export function secretIdFor(name: string): string {
  return name === DEFAULT_PROFILE
    ? DEFAULT_SECRET_ID
    : `claudeMessages.apiKey.profile.${encodeURIComponent(name)}`;
}

export interface ProfilesRead {
  profiles: Profile[];
  /** Named profiles that failed validation, by name (they are listed but cannot be used). */
  invalid: Map<string, SettingProblem[]>;
  problems: SettingProblem[];
}

/**
 * Reads `claudeMessages.profiles` (user settings only). The Default profile is `defaultEndpoint`, already
 * validated (or its problems). Names must be unique and non-empty; "Default" is taken.
 */
export function readProfiles(
  raw: unknown,
  defaultEndpoint: { ok: true; value: EndpointSettings } | { ok: false; problems: SettingProblem[] },
  anthropicBeta: unknown,
): ProfilesRead {
  const problems: SettingProblem[] = [];
  const invalid = new Map<string, SettingProblem[]>();
  const profiles: Profile[] = [];
  if (defaultEndpoint.ok)
    profiles.push({
      name: DEFAULT_PROFILE,
      endpoint: defaultEndpoint.value,
      secretId: DEFAULT_SECRET_ID,
      usesEnvironment: true,
    });
  else invalid.set(DEFAULT_PROFILE, defaultEndpoint.problems);
  if (raw === undefined || raw === null) return { profiles, invalid, problems };
  if (!Array.isArray(raw)) {
    problems.push({ setting: 'claudeMessages.profiles', message: l10n.t('must be a list of profiles.') });
    return { profiles, invalid, problems };
  }
  const seen = new Set<string>([DEFAULT_PROFILE]);
  raw.forEach((entry: unknown, i) => {
    const at = `claudeMessages.profiles[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push({
        setting: at,
        message: l10n.t('must be an object with name, baseUrl, apiFormat and authHeader.'),
      });
      return;
    }
    const e = entry as Record<string, unknown>;
    const name = typeof e.name === 'string' ? e.name.trim() : '';
    if (!name) {
      problems.push({ setting: `${at}.name`, message: l10n.t('is missing: every profile needs a name.') });
      return;
    }
    if (seen.has(name)) {
      problems.push({
        setting: `${at}.name`,
        message: l10n.t('"{0}" is used twice (or is the built-in "Default").', name),
      });
      return;
    }
    seen.add(name);
    const v = validateEndpoint(
      {
        baseUrl: e.baseUrl,
        apiFormat: e.apiFormat,
        authHeader: e.authHeader,
        anthropicVersion: e.anthropicVersion,
        anthropicBeta,
        extraHeaders: e.extraHeaders,
      },
      at,
    );
    if (v.ok) profiles.push({ name, endpoint: v.value, secretId: secretIdFor(name), usesEnvironment: false });
    else invalid.set(name, v.problems);
  });
  return { profiles, invalid, problems };
}

/** The profile `active` names; an unknown or invalid name is a problem, never a silent switch to another endpoint. */
export function pickActive(
  read: ProfilesRead,
  active: unknown,
): { profile: Profile } | { name: string; problems: SettingProblem[] } {
  const name = typeof active === 'string' && active.trim() ? active.trim() : DEFAULT_PROFILE;
  const found = read.profiles.find((p) => p.name === name);
  if (found) return { profile: found };
  const invalid = read.invalid.get(name);
  if (invalid) return { name, problems: invalid };
  return {
    name,
    problems: [
      {
        setting: 'claudeMessages.activeProfile',
        message: l10n.t('names "{0}", but no profile has that name: run "Claude: Select Endpoint".', name),
      },
    ],
  };
}
