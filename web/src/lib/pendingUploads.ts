import { ApiError, api } from "../api/client";
import { FinishQueue, type SendOutcome } from "./finishQueue";
import { setRecordedScore } from "./history";

/** The app's one queue of finish calls waiting to be resent. */
export const finishQueue = new FinishQueue(localStorage);

/** Resends one finish: done when the server answers, kept on retryable failures, dropped otherwise. */
export async function resendFinish(gameId: string): Promise<SendOutcome> {
  try {
    const { result } = await api.finish(gameId);
    setRecordedScore(gameId, result.score);
    return "sent";
  } catch (error) {
    return error instanceof ApiError && !error.retryable ? "drop" : "retry";
  }
}
