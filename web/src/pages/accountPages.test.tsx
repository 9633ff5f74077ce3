// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createAuthClient } from "../api/auth";
import { AuthProvider } from "../hooks/useAuth";
import { ACCOUNT_MESSAGES } from "../lib/accountForms";
import SignInPage from "./SignInPage";
import SignUpPage from "./SignUpPage";

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

const USER = { id: "u1", name: "Jane Doe", email: "jane@example.com", role: "player", emailVerified: false, createdAt: "2025-01-01T00:00:00Z" };

function renderWith(page: JSX.Element, answer: (path: string, init?: RequestInit) => Response) {
  const fetchImpl = vi.fn(async (path: string, init?: RequestInit) => answer(path, init));
  const client = createAuthClient({ fetchImpl, readCookies: () => "", exclusive: (task) => task() });
  render(<AuthProvider client={client}>{page}</AuthProvider>);
  return { fetchImpl, client };
}

const submit = (name: RegExp) => fireEvent.click(screen.getByRole("button", { name }));

beforeEach(() => {
  window.history.replaceState(null, "", "/signin?next=/admin/audit");
  vi.spyOn(window, "scrollTo").mockImplementation(() => undefined);
});
afterEach(() => {
  cleanup();
  localStorage.clear();
});

describe("the sign-in form", () => {
  it("shows each field's problem next to it and sends nothing", () => {
    const { fetchImpl } = renderWith(<SignInPage />, () => json(500, {}));
    submit(/^sign in$/i);
    const email = screen.getByLabelText("Email");
    expect(email.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(email.getAttribute("aria-describedby") ?? "")?.textContent).toBe(ACCOUNT_MESSAGES.missingEmail);
    expect(screen.getByLabelText("Password").getAttribute("aria-describedby")).toBe("signin-password-error");
    expect(document.activeElement).toBe(email);
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it("says when the e-mail and password don't match, and clears the password", async () => {
    renderWith(<SignInPage />, () => json(401, { error: { code: "invalid_credentials", message: "Invalid email or password" } }));
    fireEvent.change(screen.getByLabelText("Email"), { target: { value: "jane@example.com" } });
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: "wrong password" } });
    submit(/^sign in$/i);
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe(ACCOUNT_MESSAGES.invalidCredentials));
    expect((screen.getByLabelText("Password") as HTMLInputElement).value).toBe("");
  });

  it("says how long a locked account must wait", async () => {
    renderWith(<SignInPage />, () => json(429, { error: { code: "account_locked", message: "Locked" } }, { "Retry-After": "900" }));
    fireEvent.change(screen.getByLabelText("Email"), { target: { value: "jane@example.com" } });
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: "whatever it is" } });
    submit(/^sign in$/i);
    await waitFor(() => expect(screen.getByRole("alert").textContent).toMatch(/locked.*try again in 15 minutes/));
  });

  it("signs in and goes to the ?next= page", async () => {
    const { client } = renderWith(<SignInPage />, () =>
      json(200, { user: USER, accessToken: "t", expiresIn: 900, csrfToken: "c" }),
    );
    fireEvent.change(screen.getByLabelText("Email"), { target: { value: "jane@example.com" } });
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: "correct horse" } });
    submit(/^sign in$/i);
    await waitFor(() => expect(window.location.pathname).toBe("/admin/audit"));
    expect(client.getSnapshot().user?.name).toBe("Jane Doe");
  });
});

describe("the sign-up form", () => {
  beforeEach(() => window.history.replaceState(null, "", "/signup"));

  it("checks the password length before sending", () => {
    const { fetchImpl } = renderWith(<SignUpPage />, () => json(500, {}));
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Jane Doe" } });
    fireEvent.change(screen.getByLabelText("Email"), { target: { value: "jane@example.com" } });
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: "short" } });
    submit(/create account/i);
    const password = screen.getByLabelText("Password");
    expect(password.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText(ACCOUNT_MESSAGES.shortPassword)).toBeTruthy();
    expect(document.activeElement).toBe(password);
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it("puts the API's field errors on the field: a taken e-mail", async () => {
    const { fetchImpl } = renderWith(<SignUpPage />, () =>
      json(409, { error: { code: "email_taken", message: "Email already registered", field: "email" } }),
    );
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Jane Doe" } });
    fireEvent.change(screen.getByLabelText("Email"), { target: { value: "jane@example.com" } });
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: "long enough pw" } });
    submit(/create account/i);
    await waitFor(() => expect(screen.getByText(ACCOUNT_MESSAGES.emailTaken)).toBeTruthy());
    const email = screen.getByLabelText("Email");
    expect(email.getAttribute("aria-describedby")).toContain("signup-email-error");
    expect(document.activeElement).toBe(email);
    const [path, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe("/api/v1/auth/register");
    expect(JSON.parse(String(init.body))).toEqual({ name: "Jane Doe", email: "jane@example.com", password: "long enough pw" });
  });

  it("starts from the visitor's name and e-mail on this device", () => {
    localStorage.setItem("journeyman.player", JSON.stringify({ name: "Visitor Vic", email: "vic@example.com", consentAt: "x" }));
    renderWith(<SignUpPage />, () => json(500, {}));
    expect((screen.getByLabelText("Name") as HTMLInputElement).value).toBe("Visitor Vic");
    expect((screen.getByLabelText("Email") as HTMLInputElement).value).toBe("vic@example.com");
  });
});
