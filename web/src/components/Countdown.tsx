import { formatCountdown, msUntilNextDaily } from "../lib/format";
import { useNow } from "../hooks/useNow";

/** "Next daily puzzle in h:mm:ss", counting down to 00:00 UTC. */
export function NextDailyCountdown({ resetsAt }: { resetsAt?: string | null }) {
  const now = useNow(1000);
  const remainingMs = msUntilNextDaily(new Date(now), resetsAt);
  return (
    <p className="countdown" data-cy="next-daily-countdown">
      Next daily puzzle in <time dateTime={`PT${Math.ceil(remainingMs / 1000)}S`}>{formatCountdown(remainingMs)}</time>{" "}
      <span className="muted">(resets at 00:00 UTC)</span>
    </p>
  );
}
