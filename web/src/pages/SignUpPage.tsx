import { useRef, useState, type FormEvent, type RefObject } from "react";
import { FormField } from "../components/FormField";
import { PageHeading } from "../components/PageHeading";
import { useAuth } from "../hooks/useAuth";
import {
  describeAccountError,
  PASSWORD_MAX,
  PASSWORD_MIN,
  validateSignUp,
  type AccountField,
  type FieldErrors,
} from "../lib/accountForms";
import { setFlash } from "../lib/flash";
import { loadPlayer } from "../lib/player";
import { internalPath, Link, navigate, useLocation } from "../router";

const FIELD_ORDER: AccountField[] = ["name", "email", "password"];

/** `/signup`: name, e-mail, password. Games played as a visitor with that e-mail join the account. */
export default function SignUpPage() {
  const { status, user, signUp } = useAuth();
  const { search } = useLocation();
  const next = internalPath(search.get("next"), "/profile");
  // A visitor who played on this device starts from the name and e-mail they played with.
  const [visitor] = useState(loadPlayer);
  const [name, setName] = useState(visitor?.name ?? "");
  const [email, setEmail] = useState(visitor?.email ?? "");
  const [password, setPassword] = useState("");
  const [showPassword, setShowPassword] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState("");
  const [busy, setBusy] = useState(false);
  const fields: Record<AccountField, RefObject<HTMLInputElement>> = {
    name: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };

  function showErrors(found: FieldErrors) {
    setErrors(found);
    const first = FIELD_ORDER.find((field) => found[field]);
    if (first) fields[first].current?.focus();
  }

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setFormError("");
    const check = validateSignUp({ name, email, password });
    if (!check.ok) {
      showErrors(check.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const session = await signUp(check.value);
      setFlash(
        session.adoptedGames
          ? "Welcome! Your account is ready, and the games you played as a visitor with this email are now part of it."
          : "Welcome! Your account is ready.",
      );
      navigate(next, { replace: true });
    } catch (error) {
      const problem = describeAccountError(error);
      if (problem.field) showErrors({ [problem.field]: problem.message });
      else setFormError(problem.message);
    } finally {
      setBusy(false);
    }
  }

  if (status === "signedIn" && user) {
    return (
      <div className="account-page">
        <PageHeading title="Create an account" />
        <p className="lead">
          You're signed in as <strong>{user.name}</strong>. <Link to="/profile">Go to your profile</Link>.
        </p>
      </div>
    );
  }

  const signInLink = next === "/profile" ? "/signin" : `/signin?next=${encodeURIComponent(next)}`;
  return (
    <div className="account-page">
      <PageHeading title="Create an account" />
      <p className="lead">An account keeps your games and streaks wherever you play, and lets you download or delete them.</p>
      <form className="card form" noValidate onSubmit={handleSubmit} aria-busy={busy || undefined} data-cy="signup-form">
        <FormField
          ref={fields.name}
          id="signup-name"
          label="Name"
          name="name"
          autoComplete="name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={errors.name}
          help="Shown on leaderboards."
        />
        <FormField
          ref={fields.email}
          id="signup-email"
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={errors.email}
          help="Never shown to other players."
        />
        <FormField
          ref={fields.password}
          id="signup-password"
          label="Password"
          name="password"
          type={showPassword ? "text" : "password"}
          autoComplete="new-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={errors.password}
          help={`${PASSWORD_MIN} to ${PASSWORD_MAX} characters. A few unrelated words make a strong one.`}
        />
        <div className="field field-checkbox">
          <input
            id="signup-show-password"
            type="checkbox"
            checked={showPassword}
            onChange={(event) => setShowPassword(event.target.checked)}
          />
          <label htmlFor="signup-show-password">Show password</label>
        </div>
        <p className="muted">
          We keep your name, email and games to run your account, as the <Link to="/privacy">privacy notice</Link>{" "}
          describes. You can download or delete them from your profile at any time.
        </p>
        <p className="form-error" role="alert" data-cy="form-error">
          {formError}
        </p>
        <button type="submit" className="button button-primary button-wide" aria-disabled={busy || undefined} data-cy="signup-button">
          {busy ? "Creating your account…" : "Create account"}
        </button>
      </form>
      <p>
        Already have an account? <Link to={signInLink}>Sign in</Link>.
      </p>
    </div>
  );
}
