import { useRef, useState, type FormEvent } from "react";
import { accountApi } from "../../api/account";
import { describeAccountCallError } from "../../lib/accountForms";
import { FormField } from "../FormField";
import { Modal } from "../Modal";

const CONFIRM_WORD = "DELETE";

/** "Delete my account", confirmed in a dialog by typing DELETE. */
export function DeleteAccount({ onDeleted }: { onDeleted: (deletionId: string) => void }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [fieldError, setFieldError] = useState("");
  const [failure, setFailure] = useState("");
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  function close() {
    if (busy) return;
    setOpen(false);
    setTyped("");
    setFieldError("");
    setFailure("");
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (typed.trim() !== CONFIRM_WORD) {
      setFieldError(`Type ${CONFIRM_WORD} in capital letters to confirm.`);
      input.current?.focus();
      return;
    }
    setFieldError("");
    setFailure("");
    setBusy(true);
    try {
      const { deletionId } = await accountApi.deleteAccount();
      onDeleted(deletionId);
    } catch (error) {
      setFailure(describeAccountCallError(error));
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="delete-heading">
      <h2 id="delete-heading" className="section-title">
        Delete your account
      </h2>
      <p>Deleting your account erases your details, games and choices. It cannot be undone.</p>
      <button type="button" className="button button-danger" onClick={() => setOpen(true)} data-cy="delete-account">
        Delete my account
      </button>
      {open && (
        <Modal title="Delete your account?" onClose={close} initialFocus={input} dataCy="delete-dialog">
          <form className="form" noValidate onSubmit={confirm}>
            <p id="delete-warning">
              This permanently erases your account, your games and your choices, and signs you out. Our statistics keep
              only anonymous totals. You may want to download your data first.
            </p>
            <FormField
              ref={input}
              id="delete-confirm"
              label={`Type ${CONFIRM_WORD} to confirm`}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              error={fieldError}
            />
            <p className="form-error" role="alert">
              {failure}
            </p>
            <div className="button-row">
              <button type="button" className="button" onClick={close}>
                Cancel
              </button>
              <button type="submit" className="button button-danger-solid" aria-disabled={busy || undefined} data-cy="confirm-delete">
                {busy ? "Deleting…" : "Delete my account permanently"}
              </button>
            </div>
          </form>
        </Modal>
      )}
    </section>
  );
}
