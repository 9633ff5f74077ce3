export const MESSAGES = {
  missingFields: "Please enter both name and email.",
  invalidEmail: "Please enter a valid email address.",
  invalidName: "Please use only letters, spaces, hyphens, apostrophes and periods in your name (up to 100 characters).",
  missingConsent: "Please agree to the privacy notice to play.",
} as const;

export interface RegistrationInput {
  name: string;
  email: string;
  consent: boolean;
}

export type RegistrationCheck =
  | { ok: true; name: string; email: string }
  | { ok: false; message: string; field: "name" | "email" | "consent" };

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Letters of any script, spaces, hyphens, apostrophes and periods; no "--".
const NAME_SHAPE = /^[\p{L}\p{M}][\p{L}\p{M} .'’-]*$/u;

/** A display name as leaderboards accept it (already trimmed and with single spaces). */
export const isValidName = (name: string) => name.length <= 100 && NAME_SHAPE.test(name) && !name.includes("--");

/** The x@y.z shape, up to 254 characters. */
export const isValidEmail = (email: string) => email.length <= 254 && EMAIL_SHAPE.test(email);

/** Trims and collapses runs of spaces, as names are stored. */
export const normaliseName = (name: string) => name.trim().replace(/\s+/g, " ");

/** The original's checks, in its order, plus the consent it asked for but never enforced. */
export function validateRegistration(input: RegistrationInput): RegistrationCheck {
  const name = normaliseName(input.name);
  const email = input.email.trim();
  if (!name || !email) {
    return { ok: false, message: MESSAGES.missingFields, field: !name ? "name" : "email" };
  }
  if (!isValidName(name)) {
    return { ok: false, message: MESSAGES.invalidName, field: "name" };
  }
  if (!isValidEmail(email)) {
    return { ok: false, message: MESSAGES.invalidEmail, field: "email" };
  }
  if (!input.consent) return { ok: false, message: MESSAGES.missingConsent, field: "consent" };
  return { ok: true, name, email };
}
