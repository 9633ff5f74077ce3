/** JSON in Web Storage that never throws (private mode, full quota, or a value edited by hand). */
export function readJson<T>(storage: Storage, key: string, isValid: (value: unknown) => value is T): T | null {
  try {
    const raw = storage.getItem(key);
    if (raw === null) return null;
    const value: unknown = JSON.parse(raw);
    return isValid(value) ? value : null;
  } catch {
    return null;
  }
}

export function writeJson(storage: Storage, key: string, value: unknown): void {
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the app keeps working without persistence.
  }
}

export function removeKey(storage: Storage, key: string): void {
  try {
    storage.removeItem(key);
  } catch {
    // Nothing to do.
  }
}

export const STORAGE_KEYS = {
  player: "journeyman.player",
  history: "journeyman.history",
  pendingFinishes: "journeyman.pendingFinishes",
  theme: "journeyman.theme",
  activeGame: "journeyman.activeGame",
} as const;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
