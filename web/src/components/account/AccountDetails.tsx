import type { Role, User } from "../../api/accountTypes";
import { formatDateTime } from "../../lib/format";

const ROLE_NAMES: Record<Role, string> = { player: "Player", analyst: "Analyst", admin: "Administrator" };

/** Who is signed in: the account as the server knows it. */
export function AccountDetails({ user }: { user: User }) {
  return (
    <section aria-labelledby="account-heading">
      <h2 id="account-heading" className="section-title">
        Your account
      </h2>
      <dl className="details-list" data-cy="account-details">
        <div>
          <dt>Name</dt>
          <dd data-cy="account-name">{user.name}</dd>
        </div>
        <div>
          <dt>Email</dt>
          <dd>
            <span data-cy="account-email">{user.email}</span>{" "}
            <span className="muted">({user.emailVerified ? "verified" : "not verified yet"})</span>
          </dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd>{ROLE_NAMES[user.role] ?? user.role}</dd>
        </div>
        <div>
          <dt>Member since</dt>
          <dd>
            <time dateTime={user.createdAt}>{formatDateTime(user.createdAt) || user.createdAt}</time>
          </dd>
        </div>
      </dl>
    </section>
  );
}
