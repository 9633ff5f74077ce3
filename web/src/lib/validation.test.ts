import { describe, expect, it } from "vitest";
import { MESSAGES, validateRegistration } from "./validation";

const valid = { name: "Jane Doe", email: "jane@example.com", consent: true };

describe("validateRegistration", () => {
  it("accepts a name, an email and consent, trimmed", () => {
    expect(validateRegistration({ ...valid, name: "  Jane   Doe ", email: " jane@example.com " })).toEqual({
      ok: true,
      name: "Jane Doe",
      email: "jane@example.com",
    });
  });

  it("asks for both name and email first, as the original did", () => {
    expect(validateRegistration({ ...valid, name: "  " })).toMatchObject({ ok: false, message: MESSAGES.missingFields, field: "name" });
    expect(validateRegistration({ ...valid, email: "" })).toMatchObject({ ok: false, message: MESSAGES.missingFields, field: "email" });
    expect(MESSAGES.missingFields).toBe("Please enter both name and email.");
  });

  it("rejects an email without the x@y.z shape", () => {
    for (const email of ["jane", "jane@example", "@example.com", "jane@@example.com", "ja ne@example.com"]) {
      expect(validateRegistration({ ...valid, email })).toMatchObject({ ok: false, message: "Please enter a valid email address." });
    }
  });

  it("accepts real names in any script and rejects markup or digits", () => {
    for (const name of ["Ja'Marr Chase", "José Müller-Smith", "A.J. Green", "Дмитрий"]) {
      expect(validateRegistration({ ...valid, name }).ok).toBe(true);
    }
    for (const name of ["<script>", "admin'--", "Player 1", "x".repeat(101)]) {
      expect(validateRegistration({ ...valid, name })).toMatchObject({ ok: false, field: "name" });
    }
  });

  it("requires the explicit privacy consent", () => {
    expect(validateRegistration({ ...valid, consent: false })).toMatchObject({ ok: false, message: MESSAGES.missingConsent, field: "consent" });
  });
});
