// Accounts: visitor adoption, sealed e-mails found by blind index, credentials and the
// failed-login lockout. Runs on every backend in store_fixture.hpp.
#include <gtest/gtest.h>

#include <regex>
#include <thread>
#include <vector>

#include "sqlite_server_support.hpp"
#include "store/migrations.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/sqlite_migrator.hpp"
#include "store_fixture.hpp"

namespace jm::store::testing {
namespace {

class StoreAccounts : public StoreSuite {
 protected:
  StoreError update_sync(std::int64_t id, std::optional<std::string> hash,
                         std::optional<std::string> role) {
    return await_one<StoreError>(
        [&](auto cb) { store().update_credentials(id, hash, role, kT0 + 5, cb); });
  }
  std::pair<LoginState, StoreError> fail_sync(std::int64_t id, LockoutPolicy policy,
                                              std::int64_t now) {
    return await_two<LoginState, StoreError>(
        [&](auto cb) { store().record_login_failure(id, policy, now, cb); });
  }
  StoreError success_sync(std::int64_t id, std::int64_t now) {
    return await_one<StoreError>([&](auto cb) { store().record_login_success(id, now, cb); });
  }
};
JM_STORE_SUITE(StoreAccounts);

TEST_P(StoreAccounts, NewEmailCreatesAnAccountWithSealedEmail) {
  const auto out = create_account_sync(store(), "new@example.com", "Nina", "hash-1", kT0);
  ASSERT_FALSE(out.error) << out.error.message;
  ASSERT_TRUE(out.user);
  EXPECT_FALSE(out.adopted_visitor);
  static const std::regex uuid_v4(
      "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  EXPECT_TRUE(std::regex_match(out.user->public_id, uuid_v4)) << out.user->public_id;
  EXPECT_EQ(out.user->email, "new@example.com");
  EXPECT_EQ(out.user->name, "Nina");
  EXPECT_EQ(out.user->role, "player");
  EXPECT_EQ(out.user->password_hash, "hash-1");
  EXPECT_EQ(out.user->account_created_at_ms, kT0);
  EXPECT_FALSE(out.user->email_verified);

  // At rest: the envelope and the index, never the address.
  EXPECT_EQ(db().scalar("SELECT email FROM users"), "enc:moc.elpmaxe@wen");
  EXPECT_EQ(db().scalar("SELECT email_index FROM users"), pii_->blind_index("new@example.com"));

  const auto by_email = store().find_user_by_email("New@Example.com");
  ASSERT_TRUE(by_email);
  EXPECT_EQ(by_email->public_id, out.user->public_id);
  EXPECT_EQ(by_email->email, "new@example.com");
  const auto by_id = store().find_user_by_public_id(out.user->public_id);
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->id, out.user->id);
  EXPECT_FALSE(store().find_user_by_email("nobody@example.com"));
  EXPECT_FALSE(store().find_user_by_public_id("00000000-0000-4000-8000-000000000000"));
}

TEST_P(StoreAccounts, VisitorWithTheSameEmailBecomesTheAccountAndKeepsItsGames) {
  const auto played = save_sync(store(), make_game("visit-1", "vis@example.com", "Vis"));
  ASSERT_TRUE(played.saved) << played.error.message;
  const auto visitor = store().find_user_by_email("vis@example.com");
  ASSERT_TRUE(visitor);
  EXPECT_FALSE(visitor->password_hash);
  EXPECT_FALSE(visitor->account_created_at_ms);

  const auto out = create_account_sync(store(), "vis@example.com", "Visitor Now", "h", kT0 + 9);
  ASSERT_FALSE(out.error) << out.error.message;
  ASSERT_TRUE(out.user);
  EXPECT_TRUE(out.adopted_visitor);
  EXPECT_EQ(out.user->public_id, played.saved->player_id);
  EXPECT_EQ(out.user->name, "Visitor Now");
  EXPECT_EQ(out.user->password_hash, "h");
  EXPECT_EQ(out.user->account_created_at_ms, kT0 + 9);
  EXPECT_EQ(db().scalar("SELECT count(*) FROM users"), "1");
  EXPECT_EQ(store().find_game_by_session("visit-1")->player_id, out.user->public_id);
}

TEST_P(StoreAccounts, AnEmailWithAnAccountIsAConflict) {
  ASSERT_TRUE(create_account_sync(store(), "dup@example.com").user);
  const auto again = create_account_sync(store(), "DUP@example.com", "Other", "h2");
  EXPECT_EQ(again.error.kind, ErrorKind::conflict);
  EXPECT_FALSE(again.user);
  EXPECT_EQ(store().find_user_by_email("dup@example.com")->password_hash, "argon2id$hash");
}

TEST_P(StoreAccounts, GameWritersStoreSealedEmailsAndFindTheUserByIndex) {
  seed_small_catalog(store());
  const auto a = save_sync(store(), make_game("c-1", "Mix@Example.com", "Mix"));
  const auto b = create_sync(store(), make_server_game("s-1", "mix@example.com", "Mixer"));
  ASSERT_TRUE(a.saved && b.saved);
  EXPECT_EQ(a.saved->player_id, b.saved->player_id);
  EXPECT_EQ(db().scalar("SELECT count(*) FROM users"), "1");
  EXPECT_EQ(db().scalar("SELECT email FROM users"), "enc:moc.elpmaxe@xim");
  EXPECT_EQ(db().scalar("SELECT name FROM users"), "Mixer");
  EXPECT_EQ(store().find_user_by_email("mix@example.com")->public_id, a.saved->player_id);
}

TEST_P(StoreAccounts, UpdateCredentialsChangesHashAndRole) {
  const auto user = create_account_sync(store(), "cred@example.com").user;
  ASSERT_TRUE(user);
  ASSERT_FALSE(update_sync(user->id, "new-hash", std::nullopt));
  EXPECT_EQ(store().find_user_by_public_id(user->public_id)->password_hash, "new-hash");
  EXPECT_EQ(store().find_user_by_public_id(user->public_id)->role, "player");
  ASSERT_FALSE(update_sync(user->id, std::nullopt, "admin"));
  const auto after = store().find_user_by_public_id(user->public_id);
  EXPECT_EQ(after->password_hash, "new-hash");
  EXPECT_EQ(after->role, "admin");
  EXPECT_EQ(after->updated_at_ms, kT0 + 5);
  EXPECT_EQ(update_sync(user->id, std::nullopt, "emperor").kind, ErrorKind::invalid);
  EXPECT_EQ(update_sync(user->id + 100, "x", std::nullopt).kind, ErrorKind::invalid);
}

TEST_P(StoreAccounts, FailuresLockAtTheLimitAndSuccessClearsThem) {
  const auto user = create_account_sync(store(), "lock@example.com").user;
  ASSERT_TRUE(user);
  const LockoutPolicy policy{3, 60'000, 600'000};
  for (int i = 1; i <= 2; ++i) {
    const auto [state, error] = fail_sync(user->id, policy, kT0 + i);
    ASSERT_FALSE(error) << error.message;
    EXPECT_EQ(state.failures_in_window, i);
    EXPECT_FALSE(state.locked_until_ms);
  }
  const auto [locked, error] = fail_sync(user->id, policy, kT0 + 3);
  ASSERT_FALSE(error);
  EXPECT_EQ(locked.failures_in_window, 3);
  EXPECT_EQ(locked.locked_until_ms, kT0 + 3 + 600'000);
  EXPECT_EQ(store().find_user_by_public_id(user->public_id)->locked_until_ms, kT0 + 3 + 600'000);

  ASSERT_FALSE(success_sync(user->id, kT0 + 700'000));
  const auto cleared = store().find_user_by_public_id(user->public_id);
  EXPECT_FALSE(cleared->locked_until_ms);
  EXPECT_EQ(cleared->last_login_at_ms, kT0 + 700'000);
  EXPECT_EQ(fail_sync(user->id, policy, kT0 + 700'001).first.failures_in_window, 1);
  EXPECT_EQ(success_sync(user->id + 100, kT0).kind, ErrorKind::invalid);
  EXPECT_EQ(fail_sync(user->id + 100, policy, kT0).second.kind, ErrorKind::invalid);
}

TEST_P(StoreAccounts, AnExpiredWindowStartsCountingAgain) {
  const auto user = create_account_sync(store(), "window@example.com").user;
  const LockoutPolicy policy{3, 60'000, 600'000};
  EXPECT_EQ(fail_sync(user->id, policy, kT0).first.failures_in_window, 1);
  EXPECT_EQ(fail_sync(user->id, policy, kT0 + 59'999).first.failures_in_window, 2);
  // The window (kT0 .. kT0+60s) is over: this failure opens a new one.
  const auto [state, error] = fail_sync(user->id, policy, kT0 + 60'000);
  EXPECT_EQ(state.failures_in_window, 1);
  EXPECT_FALSE(state.locked_until_ms);
  EXPECT_EQ(fail_sync(user->id, policy, kT0 + 61'000).first.failures_in_window, 2);
}

TEST_P(StoreAccounts, ConcurrentFailuresAllCount) {
  const auto user = create_account_sync(store(), "race@example.com").user;
  const LockoutPolicy policy{1000, 3'600'000, 60'000};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) fail_sync(user->id, policy, kT0 + t * 10 + i);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(fail_sync(user->id, policy, kT0 + 100).first.failures_in_window, 41);
}

// Databases from before 003: plain e-mails get an index at open time, the rebuild of
// users keeps every game pointing at its player, and re-sealing encrypts them.
TEST(SqliteAccountsMigration, LegacyRowsAreIndexedAtOpenAndResealedLater) {
  TempDir dir;
  const std::string path = dir.file("j.db");
  {
    sqlite::Connection conn(path, sqlite::OpenMode::read_write_create, 5000);
    std::vector<Migration> before;
    for (const auto& m : migrations_for("sqlite")) {
      if (m.version < 3) before.push_back(m);
    }
    sqlite::SqliteMigrator(conn).apply(before, 1);
    conn.exec(
        "INSERT INTO users(id, public_id, name, email, created_at, updated_at) VALUES"
        " (1, '11111111-1111-4111-8111-111111111111', 'Old', 'Old@Example.com', 5, 5);"
        "INSERT INTO games(session_id, user_id, mode, created_at) VALUES('old-1', 1, 'easy', 5);");
  }
  SqliteStore::Options options;
  options.pii = std::make_shared<FakePiiCodec>();
  auto store = open_sqlite_store(path, options);
  RawDb raw(path);
  EXPECT_EQ(raw.scalar("SELECT user_id FROM games"), "1");  // not nulled by the rebuild
  EXPECT_EQ(raw.scalar("SELECT email FROM users"), "old@example.com");
  const auto found = store->find_user_by_email("old@example.com");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->public_id, "11111111-1111-4111-8111-111111111111");

  const auto [changed, error] =
      await_two<int, StoreError>([&](auto cb) { store->reseal_personal_data(cb); });
  ASSERT_FALSE(error) << error.message;
  EXPECT_EQ(changed, 1);
  EXPECT_EQ(raw.scalar("SELECT email FROM users"), "enc:moc.elpmaxe@dlo");
  EXPECT_EQ(store->find_user_by_email("old@example.com")->email, "old@example.com");
  EXPECT_EQ((await_two<int, StoreError>([&](auto cb) { store->reseal_personal_data(cb); }).first),
            0);
}

}  // namespace
}  // namespace jm::store::testing
