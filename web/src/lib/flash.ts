// One message carried across an in-app navigation (e.g. "games adopted" after sign-up),
// shown once by the page that takes it. Memory only: a reload drops it.
let pending: string | null = null;

export function setFlash(message: string): void {
  pending = message;
}

export function takeFlash(): string | null {
  const message = pending;
  pending = null;
  return message;
}
