// Checks for the sign-in and sign-up forms, and the API's refusals said for people.
import { ApiError, describeError } from "../api/http";
import { isValidEmail, isValidName, MESSAGES, normaliseName } from "./validation";

export type AccountField = "name" | "email" | "password";
export type FieldErrors = Partial<Record<AccountField, string>>;

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

export const ACCOUNT_MESSAGES = {
  missingName: "Please enter your name.",
  missingEmail: "Please enter your email address.",
  invalidEmail: MESSAGES.invalidEmail,
  invalidName: MESSAGES.invalidName,
  missingPassword: "Please enter your password.",
  shortPassword: `Please choose a password of at least ${PASSWORD_MIN} characters.`,
  longPassword: `Please keep your password to ${PASSWORD_MAX} characters or fewer.`,
  invalidCredentials: "That email and password don't match an account. Check them and try again.",
  emailTaken: "An account with this email already exists.",
} as const;

export type FormCheck<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

function checkEmail(raw: string, errors: FieldErrors): string {
  const email = raw.trim();
  if (!email) errors.email = ACCOUNT_MESSAGES.missingEmail;
  else if (!isValidEmail(email)) errors.email = ACCOUNT_MESSAGES.invalidEmail;
  return email;
}

/** Sign-up: a leaderboard-safe name, an e-mail, and a password of 10–128 characters. */
export function validateSignUp(input: {
  name: string;
  email: string;
  password: string;
}): FormCheck<{ name: string; email: string; password: string }> {
  const errors: FieldErrors = {};
  const name = normaliseName(input.name);
  if (!name) errors.name = ACCOUNT_MESSAGES.missingName;
  else if (!isValidName(name)) errors.name = ACCOUNT_MESSAGES.invalidName;
  const email = checkEmail(input.email, errors);
  // Counted in characters as people see them, not UTF-16 units.
  const length = [...input.password].length;
  if (length < PASSWORD_MIN) errors.password = ACCOUNT_MESSAGES.shortPassword;
  else if (length > PASSWORD_MAX) errors.password = ACCOUNT_MESSAGES.longPassword;
  // The password goes as typed: spaces may be part of it.
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: { name, email, password: input.password } };
}

/** Sign-in: any non-empty password (the server judges it). */
export function validateSignIn(input: { email: string; password: string }): FormCheck<{ email: string; password: string }> {
  const errors: FieldErrors = {};
  const email = checkEmail(input.email, errors);
  if (!input.password) errors.password = ACCOUNT_MESSAGES.missingPassword;
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: { email, password: input.password } };
}

/** "about 15 minutes", "1 minute", "40 seconds". */
export function formatWait(seconds: number): string {
  if (seconds < 60) {
    const whole = Math.max(1, Math.ceil(seconds));
    return `${whole} ${whole === 1 ? "second" : "seconds"}`;
  }
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
}

export interface FormProblem {
  /** Shown next to this field; otherwise above the submit button. */
  field?: AccountField;
  message: string;
  code: string;
}

const isAccountField = (field: string | undefined): field is AccountField =>
  field === "name" || field === "email" || field === "password";

/** An API refusal of sign-in or sign-up as a message, on a field when the API named one. */
export function describeAccountError(error: unknown): FormProblem {
  if (!(error instanceof ApiError)) return { message: describeError(error), code: "unknown" };
  if (error.code === "invalid_credentials") return { message: ACCOUNT_MESSAGES.invalidCredentials, code: error.code };
  if (error.code === "account_locked") {
    const wait = error.retryAfterSeconds;
    return {
      code: error.code,
      message:
        "Too many failed sign-in attempts, so this account is locked for now. " +
        (wait ? `Please try again in ${formatWait(wait)}.` : "Please try again later."),
    };
  }
  if (error.code === "email_taken") return { field: "email", message: ACCOUNT_MESSAGES.emailTaken, code: error.code };
  if (error.status === 400 && isAccountField(error.field)) {
    return { field: error.field, message: error.message || "Please check this field.", code: error.code };
  }
  if (error.status === 0 || error.status === 429 || error.status >= 500) return { message: describeError(error), code: error.code };
  return { message: error.message || "The request was refused. Please check your input.", code: error.code };
}

/** A failed account or admin call (not a form) as a sentence. */
export function describeAccountCallError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return "Your session has ended. Please sign in again.";
    if (error.status === 403) return "Your account is not allowed to do this.";
    if (error.status === 404) return "We couldn't find that. It may have been removed.";
  }
  return describeAccountError(error).message;
}
