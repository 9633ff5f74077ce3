import { useRef, useState, type FormEvent, type RefObject } from "react";
import { FormField } from "../components/FormField";
import { PageHeading } from "../components/PageHeading";
import { useAuth } from "../hooks/useAuth";
import { describeAccountError, validateSignIn, type AccountField, type FieldErrors } from "../lib/accountForms";
import { internalPath, Link, navigate, useLocation } from "../router";

/** `/signin?next=/path`: e-mail and password; on success goes to `next` (or the profile). */
export default function SignInPage() {
  const { status, user, signIn } = useAuth();
  const { search } = useLocation();
  const next = internalPath(search.get("next"), "/profile");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [showPassword, setShowPassword] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState("");
  const [busy, setBusy] = useState(false);
  const fields: Record<Exclude<AccountField, "name">, RefObject<HTMLInputElement>> = {
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setFormError("");
    const check = validateSignIn({ email, password });
    if (!check.ok) {
      setErrors(check.errors);
      fields[check.errors.email ? "email" : "password"].current?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await signIn(check.value);
      navigate(next, { replace: true });
    } catch (error) {
      const problem = describeAccountError(error);
      if (problem.field === "email" || problem.field === "password") {
        setErrors({ [problem.field]: problem.message });
        fields[problem.field].current?.focus();
      } else {
        setFormError(problem.message);
      }
      if (problem.code === "invalid_credentials") setPassword("");
    } finally {
      setBusy(false);
    }
  }

  if (status === "signedIn" && user) {
    return (
      <div className="account-page">
        <PageHeading title="Sign in" />
        <p className="lead">
          You're signed in as <strong>{user.name}</strong>. <Link to="/profile">Go to your profile</Link>.
        </p>
      </div>
    );
  }

  const signUpLink = next === "/profile" ? "/signup" : `/signup?next=${encodeURIComponent(next)}`;
  return (
    <div className="account-page">
      <PageHeading title="Sign in" />
      <p className="lead">Sign in to keep your games, streaks and settings on every device.</p>
      <form className="card form" noValidate onSubmit={handleSubmit} aria-busy={busy || undefined} data-cy="signin-form">
        <FormField
          ref={fields.email}
          id="signin-email"
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          inputMode="email"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={errors.email}
        />
        <FormField
          ref={fields.password}
          id="signin-password"
          label="Password"
          name="password"
          type={showPassword ? "text" : "password"}
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={errors.password}
        />
        <div className="field field-checkbox">
          <input
            id="signin-show-password"
            type="checkbox"
            checked={showPassword}
            onChange={(event) => setShowPassword(event.target.checked)}
          />
          <label htmlFor="signin-show-password">Show password</label>
        </div>
        <p className="form-error" role="alert" data-cy="form-error">
          {formError}
        </p>
        <button type="submit" className="button button-primary button-wide" aria-disabled={busy || undefined} data-cy="signin-button">
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <p>
        New here? <Link to={signUpLink}>Create an account</Link>.
      </p>
    </div>
  );
}
