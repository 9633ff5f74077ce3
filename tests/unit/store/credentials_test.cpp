// API keys and refresh-token sessions (rotation, reuse detection, logout).
#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace jm::store::testing {
namespace {

class StoreCredentials : public StoreSuite {
 protected:
  StoreError create_key_sync(const std::string& key_id, const std::string& role = "analyst") {
    ApiKeyRecord k;
    k.key_id = key_id;
    k.name = "key " + key_id;
    k.role = role;
    k.secret_hash = "sha256-of-" + key_id;
    k.created_at_ms = kT0 + static_cast<std::int64_t>(key_id.size());
    return await_one<StoreError>([&](auto cb) { store().create_api_key(k, cb); });
  }
  StoreError revoke_sync(const std::string& key_id, std::int64_t now) {
    return await_one<StoreError>([&](auto cb) { store().revoke_api_key(key_id, now, cb); });
  }
  std::int64_t user_id(const std::string& email) {
    auto out = create_account_sync(store(), email);
    EXPECT_TRUE(out.user) << out.error.message;
    return out.user ? out.user->id : 0;
  }
  std::string status_of(const std::string& hash) {
    return db().scalar("SELECT status FROM sessions WHERE token_hash = '" + hash + "'");
  }
};
JM_STORE_SUITE(StoreCredentials);

TEST_P(StoreCredentials, ApiKeysAreCreatedFoundListedAndRevoked) {
  ASSERT_FALSE(create_key_sync("jm_aaaa"));
  ASSERT_FALSE(create_key_sync("jm_bbbbbb", "admin"));
  EXPECT_EQ(create_key_sync("jm_aaaa").kind, ErrorKind::conflict);
  EXPECT_EQ(create_key_sync("jm_cc", "player").kind, ErrorKind::invalid);  // keys are not players

  const auto found = store().find_api_key("jm_aaaa");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->name, "key jm_aaaa");
  EXPECT_EQ(found->role, "analyst");
  EXPECT_EQ(found->secret_hash, "sha256-of-jm_aaaa");
  EXPECT_EQ(found->created_at_ms, kT0 + 7);
  EXPECT_FALSE(found->revoked_at_ms);
  EXPECT_FALSE(store().find_api_key("jm_none"));

  const auto all = store().list_api_keys();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].key_id, "jm_aaaa");
  EXPECT_EQ(all[1].key_id, "jm_bbbbbb");

  ASSERT_FALSE(revoke_sync("jm_aaaa", kT0 + 100));
  ASSERT_FALSE(revoke_sync("jm_aaaa", kT0 + 200));  // again: keeps the first time
  EXPECT_EQ(store().find_api_key("jm_aaaa")->revoked_at_ms, kT0 + 100);
  EXPECT_FALSE(store().find_api_key("jm_bbbbbb")->revoked_at_ms);
  EXPECT_EQ(revoke_sync("jm_none", kT0).kind, ErrorKind::invalid);
}

TEST_P(StoreCredentials, TouchIsQueuedInOrderAndNeverMovesBack) {
  ASSERT_FALSE(create_key_sync("jm_touch"));
  store().touch_api_key("jm_touch", kT0 + 5'000);
  store().touch_api_key("jm_touch", kT0 + 1'000);  // an older touch arriving late
  store().touch_api_key("jm_unknown", kT0);        // nobody to tell, nothing to do
  // A later write's callback means every earlier queued write is durable too.
  ASSERT_FALSE(create_key_sync("jm_after"));
  EXPECT_EQ(store().find_api_key("jm_touch")->last_used_at_ms, kT0 + 5'000);
}

TEST_P(StoreCredentials, RotationRetiresTheOldTokenAndKeepsTheFamily) {
  const auto uid = user_id("rot@example.com");
  ASSERT_FALSE(create_session_sync(store(), refresh("h1", "fam-1", uid, kT0 + 1'000'000)));
  // The caller's family and user are overridden by the stored ones.
  const auto out =
      rotate_sync(store(), "h1", refresh("h2", "fam-other", 999, kT0 + 2'000'000), kT0 + 10);
  ASSERT_FALSE(out.error) << out.error.message;
  EXPECT_EQ(out.result, RotateResult::rotated);
  ASSERT_TRUE(out.user);
  EXPECT_EQ(out.user->id, uid);
  EXPECT_EQ(out.user->email, "rot@example.com");
  EXPECT_EQ(status_of("h1"), "rotated");
  EXPECT_EQ(status_of("h2"), "active");
  EXPECT_EQ(db().scalar("SELECT family_id || '|' || user_id || '|' || created_at FROM sessions"
                        " WHERE token_hash = 'h2'"),
            "fam-1|" + std::to_string(uid) + "|" + std::to_string(kT0 + 10));
  EXPECT_EQ(db().scalar("SELECT rotated_at FROM sessions WHERE token_hash = 'h1'"),
            std::to_string(kT0 + 10));

  EXPECT_EQ(rotate_sync(store(), "h2", refresh("h3", "", 0, kT0 + 3'000'000), kT0 + 20).result,
            RotateResult::rotated);
}

TEST_P(StoreCredentials, ReusingARotatedTokenRevokesItsWholeFamilyOnly) {
  const auto uid = user_id("reuse@example.com");
  ASSERT_FALSE(create_session_sync(store(), refresh("r1", "fam-r", uid, kT0 + 1'000'000)));
  ASSERT_FALSE(create_session_sync(store(), refresh("o1", "fam-o", uid, kT0 + 1'000'000)));
  ASSERT_EQ(rotate_sync(store(), "r1", refresh("r2", "", 0, kT0 + 1'000'000), kT0).result,
            RotateResult::rotated);

  const auto reused = rotate_sync(store(), "r1", refresh("r3", "", 0, kT0 + 1'000'000), kT0 + 1);
  EXPECT_EQ(reused.result, RotateResult::reused);
  EXPECT_FALSE(reused.user);
  EXPECT_EQ(status_of("r1"), "revoked");
  EXPECT_EQ(status_of("r2"), "revoked");
  EXPECT_EQ(status_of("r3"), "");  // never stored
  EXPECT_EQ(status_of("o1"), "active");
  // The stolen successor is dead too.
  EXPECT_EQ(rotate_sync(store(), "r2", refresh("r4", "", 0, kT0 + 1'000'000), kT0 + 2).result,
            RotateResult::reused);
}

TEST_P(StoreCredentials, UnknownAndExpiredTokensChangeNothing) {
  const auto uid = user_id("exp@example.com");
  ASSERT_FALSE(create_session_sync(store(), refresh("e1", "fam-e", uid, kT0 + 100)));
  EXPECT_EQ(rotate_sync(store(), "nope", refresh("x", "", 0, kT0 + 1'000), kT0).result,
            RotateResult::unknown);
  const auto expired = rotate_sync(store(), "e1", refresh("e2", "", 0, kT0 + 1'000), kT0 + 100);
  EXPECT_EQ(expired.result, RotateResult::expired);
  EXPECT_FALSE(expired.user);
  EXPECT_EQ(status_of("e1"), "active");
  EXPECT_EQ(db().scalar("SELECT count(*) FROM sessions"), "1");
}

TEST_P(StoreCredentials, LogoutRevokesTheFamilyOfTheToken) {
  const auto uid = user_id("out@example.com");
  ASSERT_FALSE(create_session_sync(store(), refresh("l1", "fam-l", uid, kT0 + 1'000'000)));
  ASSERT_EQ(rotate_sync(store(), "l1", refresh("l2", "", 0, kT0 + 1'000'000), kT0).result,
            RotateResult::rotated);
  ASSERT_FALSE(create_session_sync(store(), refresh("k1", "fam-k", uid, kT0 + 1'000'000)));
  auto revoke = [&](const std::string& hash) {
    return await_one<StoreError>(
        [&](auto cb) { store().revoke_refresh_family_of(hash, kT0 + 5, cb); });
  };
  ASSERT_FALSE(revoke("l2"));
  EXPECT_EQ(status_of("l1"), "revoked");
  EXPECT_EQ(status_of("l2"), "revoked");
  EXPECT_EQ(status_of("k1"), "active");
  EXPECT_FALSE(revoke("unknown-token"));  // no-op
}

TEST_P(StoreCredentials, ASessionNeedsAnExistingUser) {
  EXPECT_EQ(create_session_sync(store(), refresh("z1", "fam-z", 4242, kT0 + 100)).kind,
            ErrorKind::invalid);
  const auto uid = user_id("dup-token@example.com");
  ASSERT_FALSE(create_session_sync(store(), refresh("z2", "fam-z", uid, kT0 + 100)));
  EXPECT_EQ(create_session_sync(store(), refresh("z2", "fam-z", uid, kT0 + 100)).kind,
            ErrorKind::conflict);
}

}  // namespace
}  // namespace jm::store::testing
