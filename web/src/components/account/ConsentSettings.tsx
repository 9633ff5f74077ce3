import { useState } from "react";
import { accountApi } from "../../api/account";
import type { Consent, OptionalConsentType } from "../../api/accountTypes";
import { useAsync } from "../../hooks/useAsync";
import { describeAccountCallError } from "../../lib/accountForms";
import { formatDateTime } from "../../lib/format";
import { ErrorNotice } from "../ErrorNotice";

const OPTIONAL: Array<{ type: OptionalConsentType; label: string; description: string }> = [
  { type: "analytics", label: "Analytics", description: "Use your games in our statistics on how the puzzles play." },
  { type: "marketing", label: "News and offers", description: "Send you news about Journeyman by email." },
  { type: "third_party", label: "Third parties", description: "Share your game data with services we work with." },
];

const STATUS_WORDS: Record<Consent["status"], string> = {
  granted: "Given",
  denied: "Refused",
  revoked: "Withdrawn",
  none: "Not chosen yet",
};

/** "Given · 3 Mar 2025, 14:02": the status and when it last changed. */
export function consentStatusText(consent: Consent | undefined): string {
  if (!consent) return STATUS_WORDS.none;
  const changedAt = consent.status === "revoked" ? (consent.withdrawnAt ?? consent.recordedAt) : consent.recordedAt;
  const when = formatDateTime(changedAt);
  return when ? `${STATUS_WORDS[consent.status]} · ${when}` : STATUS_WORDS[consent.status];
}

/** The consent switches: essential always on; analytics, marketing and third parties up to the person. */
export function ConsentSettings() {
  const [saved, setSaved] = useState<Consent[] | null>(null);
  const [pending, setPending] = useState<Partial<Record<OptionalConsentType, boolean>>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const loaded = useAsync(async () => {
    const { consents } = await accountApi.consents();
    setSaved(consents);
    return consents;
  }, "consents");

  async function change(type: OptionalConsentType, granted: boolean) {
    if (pending[type] !== undefined) return;
    setFailure(null);
    setPending((current) => ({ ...current, [type]: granted }));
    try {
      const { consents } = await accountApi.setConsents({ [type]: granted });
      setSaved(consents);
    } catch (error) {
      setFailure(error);
    } finally {
      setPending(({ [type]: _done, ...rest }) => rest);
    }
  }

  const consents = saved ?? (loaded.status === "done" ? loaded.value : null);
  const find = (type: Consent["type"]) => consents?.find((consent) => consent.type === type);
  return (
    <section aria-labelledby="consent-heading">
      <h2 id="consent-heading" className="section-title">
        Your choices
      </h2>
      {loaded.status === "error" && !consents ? (
        <ErrorNotice error={loaded.error} describe={describeAccountCallError} onRetry={loaded.retry} />
      ) : !consents ? (
        <p className="loading" role="status">
          Loading your choices…
        </p>
      ) : (
        <ul className="switch-list" data-cy="consents">
          <li className="switch-item">
            <input id="consent-essential" type="checkbox" role="switch" checked disabled aria-describedby="consent-essential-text" />
            <div>
              <label htmlFor="consent-essential" className="field-label">
                Essential
              </label>
              <p id="consent-essential-text" className="switch-text">
                Always on: needed to run the game and your account.
              </p>
            </div>
          </li>
          {OPTIONAL.map(({ type, label, description }) => {
            const consent = find(type);
            const saving = pending[type];
            const checked = saving ?? consent?.status === "granted";
            return (
              <li key={type} className="switch-item">
                <input
                  id={`consent-${type}`}
                  type="checkbox"
                  role="switch"
                  checked={checked}
                  aria-describedby={`consent-${type}-text`}
                  aria-busy={saving !== undefined || undefined}
                  onChange={(event) => void change(type, event.target.checked)}
                  data-cy={`consent-${type}`}
                />
                <div>
                  <label htmlFor={`consent-${type}`} className="field-label">
                    {label}
                  </label>
                  <p id={`consent-${type}-text`} className="switch-text">
                    {description}{" "}
                    <span className="consent-status" data-cy={`consent-${type}-status`}>
                      {saving !== undefined ? "Saving…" : consentStatusText(consent)}
                    </span>
                  </p>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {failure !== null && (
        <ErrorNotice error={failure} describe={(error) => `Your choice was not saved. ${describeAccountCallError(error)}`} />
      )}
    </section>
  );
}
