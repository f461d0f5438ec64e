/**
 * What the pages show about the parts TaskMaster needs (graceful degradation): the database,
 * workers, Chromium for Browser steps, a mail server for e-mail, and which features an admin
 * switched off. Each problem says what is affected, in plain words; everything else keeps working.
 */
import { BrowserUnavailableError, findChromium } from '../browser/chromium-path';
import { healthReport } from '../observability/health';
import { switchStateOf, type SwitchState } from '../../core/features';
import { processDefaults, readSettings } from '../settings/service';
import type { AppContext } from '../context';

export interface SystemStatus {
  /** Feature switches (Settings → Features) and the owner's "Run command" switch. */
  switches: SwitchState;
  /** Problems every page shows (no database, no worker): what is affected. */
  problems: string[];
  /** Browser steps can't run here, and why; null when Chromium was found. */
  browser: string | null;
  /** E-mail (alerts, Send email without a mail server of its own) can't be sent, and why; null when a default mail server is saved. */
  mail: string | null;
}

function browserProblem(): string | null {
  try {
    findChromium();
    return null;
  } catch (error) {
    if (error instanceof BrowserUnavailableError) return error.message;
    throw error;
  }
}

const NO_MAIL =
  'No default mail server is chosen (Settings → Default mail server): e-mail alerts and Send email steps without a mail server of their own can’t send. Everything else works.';

export async function systemStatus(ctx: AppContext): Promise<SystemStatus> {
  const health = await healthReport(ctx.sql);
  // While the database is away the defaults stand in: the page still says what is affected.
  const settings = health.database.ok ? (await readSettings(ctx.sql).catch(() => null))?.settings : null;
  return {
    switches: switchStateOf(settings ?? processDefaults()),
    problems: health.problems,
    browser: browserProblem(),
    mail: settings && !settings.defaultSmtpCredentialId ? NO_MAIL : null,
  };
}
