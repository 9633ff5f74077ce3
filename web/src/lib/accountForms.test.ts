import { describe, expect, it } from "vitest";
import { ApiError } from "../api/http";
import { ACCOUNT_MESSAGES, describeAccountError, formatWait, validateSignIn, validateSignUp } from "./accountForms";
import { MESSAGES } from "./validation";

const valid = { name: "Jane Doe", email: "jane@example.com", password: "ten chars!" };

describe("validateSignUp", () => {
  it("accepts a valid form, tidying the name and e-mail but not the password", () => {
    expect(validateSignUp({ name: "  Jane   Doe ", email: " jane@example.com ", password: " spaced pw " })).toEqual({
      ok: true,
      value: { name: "Jane Doe", email: "jane@example.com", password: " spaced pw " },
    });
  });

  it("reports every field's problem at once", () => {
    expect(validateSignUp({ name: "", email: "jane@", password: "short" })).toEqual({
      ok: false,
      errors: { name: ACCOUNT_MESSAGES.missingName, email: MESSAGES.invalidEmail, password: ACCOUNT_MESSAGES.shortPassword },
    });
    expect(validateSignUp({ ...valid, name: "<script>", email: "" })).toMatchObject({
      errors: { name: MESSAGES.invalidName, email: ACCOUNT_MESSAGES.missingEmail },
    });
  });

  it("needs 10 to 128 characters of password, counted as people see them", () => {
    expect(validateSignUp({ ...valid, password: "123456789" }).ok).toBe(false);
    expect(validateSignUp({ ...valid, password: "1234567890" }).ok).toBe(true);
    expect(validateSignUp({ ...valid, password: "x".repeat(128) }).ok).toBe(true);
    expect(validateSignUp({ ...valid, password: "x".repeat(129) })).toMatchObject({ errors: { password: ACCOUNT_MESSAGES.longPassword } });
    // Five emoji are ten UTF-16 units but five characters.
    expect(validateSignUp({ ...valid, password: "🏈🏈🏈🏈🏈" }).ok).toBe(false);
  });
});

describe("validateSignIn", () => {
  it("asks for an e-mail and a password", () => {
    expect(validateSignIn({ email: "", password: "" })).toEqual({
      ok: false,
      errors: { email: ACCOUNT_MESSAGES.missingEmail, password: ACCOUNT_MESSAGES.missingPassword },
    });
    expect(validateSignIn({ email: "jane@example.com", password: "x" })).toEqual({
      ok: true,
      value: { email: "jane@example.com", password: "x" },
    });
  });
});

describe("describeAccountError", () => {
  it("says wrong credentials without telling which part was wrong", () => {
    expect(describeAccountError(new ApiError(401, "invalid_credentials", "Invalid"))).toEqual({
      code: "invalid_credentials",
      message: ACCOUNT_MESSAGES.invalidCredentials,
    });
  });

  it("gives the lockout wait from Retry-After", () => {
    const locked = describeAccountError(new ApiError(429, "account_locked", "Locked", undefined, undefined, 840));
    expect(locked.message).toMatch(/locked/);
    expect(locked.message).toMatch(/try again in 14 minutes/);
    expect(describeAccountError(new ApiError(429, "account_locked", "Locked")).message).toMatch(/try again later/);
  });

  it("puts a taken e-mail and the API's field errors on their field", () => {
    expect(describeAccountError(new ApiError(409, "email_taken", "Taken"))).toMatchObject({ field: "email", message: ACCOUNT_MESSAGES.emailTaken });
    expect(describeAccountError(new ApiError(400, "invalid_field", "Password too common", "password"))).toMatchObject({
      field: "password",
      message: "Password too common",
    });
    expect(describeAccountError(new ApiError(400, "invalid_field", "Bad", "captcha")).field).toBeUndefined();
  });

  it("explains outages plainly", () => {
    expect(describeAccountError(new ApiError(0, "network", "x")).message).toMatch(/couldn't reach/);
    expect(describeAccountError(new ApiError(503, "unavailable", "x")).message).toMatch(/server had a problem/);
  });
});

describe("formatWait", () => {
  it("rounds up to whole minutes or seconds", () => {
    expect(formatWait(840)).toBe("14 minutes");
    expect(formatWait(61)).toBe("2 minutes");
    expect(formatWait(60)).toBe("1 minute");
    expect(formatWait(1)).toBe("1 second");
    expect(formatWait(45)).toBe("45 seconds");
  });
});
