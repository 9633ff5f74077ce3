import type { PlayerIdentity } from "../api/types";
import { isRecord, readJson, removeKey, STORAGE_KEYS, writeJson } from "./storage";

export interface StoredPlayer extends PlayerIdentity {
  /** When the player ticked the privacy consent box (ISO time). */
  consentAt: string;
}

const isStoredPlayer = (value: unknown): value is StoredPlayer =>
  isRecord(value) &&
  typeof value.name === "string" &&
  typeof value.email === "string" &&
  typeof value.consentAt === "string";

export function loadPlayer(storage: Storage = localStorage): StoredPlayer | null {
  return readJson(storage, STORAGE_KEYS.player, isStoredPlayer);
}

export function savePlayer(player: StoredPlayer, storage: Storage = localStorage): void {
  writeJson(storage, STORAGE_KEYS.player, player);
}

export function forgetPlayer(storage: Storage = localStorage): void {
  removeKey(storage, STORAGE_KEYS.player);
}
