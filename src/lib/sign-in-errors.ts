// What the sign-in form says when sign-in is refused. next-auth hands a refusal to the page only
// as an `error` code (?error= or signIn()'s result), so a throttled attempt travels as
// "TooManyAttempts-<minutes>" and becomes a sentence here, on the server page and in the form alike.

const THROTTLED = "TooManyAttempts";
/** A disabled account (the platform admin's users page), said only after the right password. */
export const ACCOUNT_DISABLED_CODE = "AccountDisabled";
export const ACCOUNT_DISABLED_MESSAGE = "This account is disabled. Contact support if you think that is a mistake.";

export function tooManyAttemptsMessage(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `Too many attempts. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}

export function throttledErrorCode(retryAfterSeconds: number): string {
  return `${THROTTLED}-${Math.max(1, Math.ceil(retryAfterSeconds / 60))}`;
}

/** The sentence for a next-auth error code, or null when there is nothing to show. */
export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  const throttled = new RegExp(`^${THROTTLED}-(\\d{1,4})$`).exec(code);
  if (throttled) return tooManyAttemptsMessage(Number(throttled[1]) * 60);
  if (code === ACCOUNT_DISABLED_CODE) return ACCOUNT_DISABLED_MESSAGE;
  if (code === "CredentialsSignin") return "That email and password don't match. Check them and try again, or get a sign-in link by email.";
  return "We couldn't sign you in. Please try again.";
}
