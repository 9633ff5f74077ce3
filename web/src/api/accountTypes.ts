// Shapes of the accounts / GDPR API (auth, me, consents, jobs, admin audit).

export const ROLES = ["player", "analyst", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  name: string;
  email: string;
  role: Role;
  emailVerified: boolean;
  createdAt: string;
}

/** What register, login and refresh answer (the cookies come as Set-Cookie). */
export interface SessionResponse {
  user: User;
  accessToken: string;
  expiresIn: number;
  csrfToken: string;
  /** Register only: the account took over games this e-mail played as a visitor. */
  adoptedGames?: boolean;
}

export const CONSENT_TYPES = ["essential", "analytics", "marketing", "third_party"] as const;
export type ConsentType = (typeof CONSENT_TYPES)[number];
/** The consents a person may change; essential is always on. */
export type OptionalConsentType = Exclude<ConsentType, "essential">;
export type ConsentStatus = "granted" | "denied" | "revoked" | "none";

export interface Consent {
  type: ConsentType;
  status: ConsentStatus;
  recordedAt?: string;
  withdrawnAt?: string;
}

export type JobStatus = "queued" | "running" | "done" | "failed";

export interface Job {
  id: string;
  status: JobStatus;
  downloadUrl?: string;
  expiresAt?: string;
}

export interface AuditEntry {
  id: string;
  actor: string;
  actorRole: string;
  action: string;
  resourceType: string;
  resourceId: string;
  ip: string;
  userAgent: string;
  status: number | string;
  requestId: string;
  createdAt: string;
  details: unknown;
}

export interface AuditPage {
  entries: AuditEntry[];
  total: number;
  limit: number;
  offset: number;
}
