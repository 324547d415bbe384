import { errorOf } from "../api/client";
import { t } from "../i18n/vi";

type LoginErrorBody = {
  error?: { code?: string; message?: string; details?: { retry_after?: unknown } | null };
};

/** The wait before the next attempt, in words: seconds below a minute, else whole minutes
 * (rounded up, as the server counts them). */
export function waitText(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  return whole < 60 ? t.login.seconds(whole) : t.login.minutes(Math.ceil(whole / 60));
}

/** What the sign-in screen says when the server refuses: a rate limit (429) names the wait. */
export function loginError(error: unknown): string {
  const body = error as LoginErrorBody | undefined;
  const seconds = body?.error?.details?.retry_after;
  const limited = body?.error?.code === "too_many_attempts" || body?.error?.code === "account_locked";
  if (limited && typeof seconds === "number" && seconds > 0) {
    return t.login.tooManyAttempts(waitText(seconds));
  }
  return errorOf(error, t.login.failed).message;
}
