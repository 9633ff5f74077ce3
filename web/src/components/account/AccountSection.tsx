import { useEffect } from "react";
import { accountApi } from "../../api/account";
import type { User } from "../../api/accountTypes";
import { AccountDetails } from "./AccountDetails";
import { ConsentSettings } from "./ConsentSettings";
import { DataExport } from "./DataExport";
import { DeleteAccount } from "./DeleteAccount";

/** The signed-in part of /profile: details, data export, consents, deletion. */
export function AccountSection({
  user,
  onUserLoaded,
  onDeleted,
}: {
  user: User;
  onUserLoaded: (user: User) => void;
  onDeleted: (deletionId: string) => void;
}) {
  useEffect(() => {
    let current = true;
    // The session's copy may be minutes old (e.g. e-mail verified since): show the server's.
    accountApi.me().then(
      ({ user: fresh }) => current && onUserLoaded(fresh),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [user.id]);

  return (
    <div className="account-section" data-cy="account-section">
      <AccountDetails user={user} />
      <DataExport user={user} />
      <ConsentSettings />
      <DeleteAccount onDeleted={onDeleted} />
    </div>
  );
}
