import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from "react";
import type { SessionResponse, User } from "../api/accountTypes";
import { auth, type AuthClient, type AuthSnapshot } from "../api/auth";

export interface AuthContextValue extends AuthSnapshot {
  signIn(input: { email: string; password: string }): Promise<SessionResponse>;
  signUp(input: { name: string; email: string; password: string }): Promise<SessionResponse>;
  /** Rejects when the server could not be told; this page is signed out either way. */
  signOut(): Promise<void>;
  /** The server already ended the session (the account was deleted). */
  endSession(): void;
  updateUser(user: User): void;
  /** The access token for the analyst live feed's ?token= (see auth.ts), or null. */
  liveFeedToken(): string | null;
  /** A fresh access token; resolves true while still signed in. */
  renewSession(): Promise<boolean>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** Puts the auth session (api/auth.ts) into React: re-renders whenever it signs in or out. */
export function AuthProvider({ client = auth, children }: { client?: AuthClient; children: ReactNode }) {
  const snapshot = useSyncExternalStore(client.subscribe, client.getSnapshot);
  const value = useMemo<AuthContextValue>(
    () => ({
      ...snapshot,
      signIn: (input) => client.login(input),
      signUp: (input) => client.register(input),
      signOut: () => client.logout(),
      endSession: () => client.endSession(),
      updateUser: (user) => client.updateUser(user),
      liveFeedToken: () => client.liveFeedToken(),
      renewSession: () => client.refresh(),
    }),
    [client, snapshot],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The signed-in user (or null), the session status, and the actions that change them. */
export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth needs an <AuthProvider> above it");
  return value;
}
