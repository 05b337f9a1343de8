import { propose, type Findings } from './findings.js';
import type { Evidence, ProjectView } from './index.js';
import { LICENSE_EXPRESSION, proposeLicenseFile } from './license.js';
import { APP_NAME, SOURCE_URL } from './package-json.js';

/** A value a manifest gives (undefined when it gives none), the reason `init` shows for it, and evidence to record with it. */
export type Claim = readonly [value: string | undefined, why: string, ...seen: Evidence[]];

/** What a stack's manifest says about the image labels. */
export interface LabelClaims {
  appName?: Claim;
  sourceUrl?: Claim;
  license?: Claim;
}

const PATTERNS = { appName: APP_NAME, sourceUrl: SOURCE_URL, license: LICENSE_EXPRESSION } as const;

/**
 * Proposes each label option the manifest gives a valid value for (checked the way the common
 * options' schema checks it); without a valid license, the project's license file is read.
 */
export async function proposeLabels(p: ProjectView, f: Findings, claims: LabelClaims): Promise<void> {
  for (const option of ['appName', 'sourceUrl', 'license'] as const) {
    const [value, why, ...seen] = claims[option] ?? [];
    if (value !== undefined && why !== undefined && PATTERNS[option].test(value)) propose(f, option, value, why, ...seen);
    else if (option === 'license') await proposeLicenseFile(p, f);
  }
}
