import { describeError } from "../api/client";

/** A failed call, said plainly, with a way to try again. */
export function ErrorNotice({
  error,
  onRetry,
  retryLabel = "Retry",
  describe = describeError,
}: {
  error: unknown;
  onRetry?: () => void;
  retryLabel?: string;
  /** The game's wording by default; account pages pass their own. */
  describe?: (error: unknown) => string;
}) {
  return (
    <div className="notice notice-error" role="alert" data-cy="error-notice">
      <p>
        <span aria-hidden="true">⚠️ </span>
        {describe(error)}
      </p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry} data-cy="retry-button">
          {retryLabel}
        </button>
      )}
    </div>
  );
}
