#pragma once
// The store suites (accounts, credentials, consent/audit, GDPR, jobs/retention) are
// written against store::Store& and a small Backend, so the same tests can run on every
// implementation: SqliteStore in a temp dir and PostgresStore in a fresh schema
// (pg_backend_for_tests.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sqlite_test_support.hpp"
#include "store/plain_pii_codec.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "util/clock.hpp"

namespace jm::store::testing {

// A deterministic stand-in for the AES-GCM codec: "enc:" + the text reversed, so a
// test can see that nothing is stored in the clear. Its blind index is PlainPiiCodec's
// (unkeyed SHA-256), so switching from the plain codec to this one keeps the index, as
// a key rotation of the real codec does.
class FakePiiCodec final : public PiiCodec {
 public:
  std::string seal(std::string_view plain) const override {
    return "enc:" + std::string(plain.rbegin(), plain.rend());
  }
  std::string open(std::string_view stored) const override {
    if (stored.substr(0, 4) != "enc:") return std::string(stored);
    stored.remove_prefix(4);
    return std::string(stored.rbegin(), stored.rend());
  }
  bool is_current(std::string_view stored) const override { return stored.substr(0, 4) == "enc:"; }
  std::string blind_index(std::string_view email) const override {
    return PlainPiiCodec().blind_index(email);
  }
};

// One store under test plus the raw access the API does not offer.
class Backend {
 public:
  virtual ~Backend() = default;
  virtual Store& store() = 0;
  // First column of every row, as text ("NULL" for NULL).
  virtual std::vector<std::string> column(const std::string& sql) = 0;
  virtual void exec(const std::string& sql) = 0;
  // Every (table, column) of the schema, for scans that must miss nothing.
  virtual std::vector<std::pair<std::string, std::string>> all_columns() = 0;
  // Closes and opens the store again on the same data with another codec.
  virtual void reopen(std::shared_ptr<const PiiCodec> pii) = 0;

  std::string scalar(const std::string& sql) {
    auto c = column(sql);
    return c.empty() ? std::string{} : c.front();
  }
};

class SqliteBackend final : public Backend {
 public:
  SqliteBackend(const Clock& clock, std::shared_ptr<const PiiCodec> pii) : clock_(clock) {
    reopen(std::move(pii));
  }
  Store& store() override { return *store_; }
  std::vector<std::string> column(const std::string& sql) override { return raw_->column(sql); }
  void exec(const std::string& sql) override { raw_->exec(sql); }
  std::vector<std::pair<std::string, std::string>> all_columns() override {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& table : raw_->column("SELECT name FROM sqlite_master WHERE type = 'table'"
                                          " AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
      for (const auto& col : raw_->column("SELECT name FROM pragma_table_info('" + table + "')")) {
        out.emplace_back(table, col);
      }
    }
    return out;
  }
  void reopen(std::shared_ptr<const PiiCodec> pii) override {
    raw_.reset();
    store_.reset();
    SqliteStore::Options options;
    options.clock = &clock_;
    options.pii = std::move(pii);
    store_ = open_sqlite_store(path(), options);
    raw_ = std::make_unique<RawDb>(path());
  }
  std::string path() const { return dir_.file("j.db"); }

 private:
  TempDir dir_;
  const Clock& clock_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<RawDb> raw_;
};

}  // namespace jm::store::testing

#include "pg_backend_for_tests.hpp"

namespace jm::store::testing {

// Always both: ctest lists the tests at build time, when JOURNEYMAN_TEST_PG_URL is
// usually not set; the PostgreSQL instances skip themselves without it.
inline const std::vector<std::string> kStoreBackends = {"sqlite", "postgres"};

// Parameterised by backend name; every store suite derives from it.
class StoreSuite : public ::testing::TestWithParam<std::string> {
 protected:
  static constexpr std::int64_t kT0 = 1'700'000'000'000;

  StoreSuite() : clock_(kT0), pii_(std::make_shared<FakePiiCodec>()) {}

  void SetUp() override {
    if (GetParam() == "postgres") {
      if (test_pg_url().empty()) GTEST_SKIP() << "JOURNEYMAN_TEST_PG_URL is not set";
      backend_ = std::make_unique<PostgresBackend>(clock_, pii_);
    } else {
      backend_ = std::make_unique<SqliteBackend>(clock_, pii_);
    }
  }

  Store& store() { return backend_->store(); }
  Backend& db() { return *backend_; }

  ManualClock clock_;
  std::shared_ptr<const PiiCodec> pii_;
  std::unique_ptr<Backend> backend_;
};

#define JM_STORE_SUITE(Suite)                                                    \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite, ::testing::ValuesIn(kStoreBackends), \
                           [](const auto& info) { return info.param; })

// ---- Synchronous wrappers over the callback API ----

// `start(cb)` must call the store with cb as its callback; returns what cb received.
template <class T, class Start>
T await_one(Start start) {
  std::promise<T> p;
  auto f = p.get_future();
  start([&p](T value) { p.set_value(std::move(value)); });
  return f.get();
}

template <class A, class B, class Start>
std::pair<A, B> await_two(Start start) {
  std::promise<std::pair<A, B>> p;
  auto f = p.get_future();
  start([&p](A a, B b) { p.set_value({std::move(a), std::move(b)}); });
  return f.get();
}

inline AccountOutcome create_account_sync(Store& s, const std::string& email,
                                          const std::string& name = "Ann",
                                          const std::string& hash = "argon2id$hash",
                                          std::int64_t now = 0) {
  NewAccount a;
  a.name = name;
  a.email = email;
  a.password_hash = hash;
  a.now_ms = now;
  return await_one<AccountOutcome>([&](auto cb) { s.create_account(a, cb); });
}

inline StoreError append_audit_sync(Store& s, AuditEntry e) {
  return await_one<StoreError>([&](auto cb) { s.append_audit(std::move(e), cb); });
}

inline ConsentRecord consent(const std::string& user, const std::string& type,
                             const std::string& status, std::int64_t at) {
  ConsentRecord c;
  c.user_public_id = user;
  c.consent_type = type;
  c.status = status;
  c.recorded_at_ms = at;
  c.ip = "198.51.100.4";
  c.user_agent = "consent-agent";
  return c;
}

inline std::pair<ConsentRecord, StoreError> record_consent_sync(Store& s, ConsentRecord c) {
  return await_two<ConsentRecord, StoreError>([&](auto cb) { s.record_consent(std::move(c), cb); });
}

inline RefreshSession refresh(const std::string& hash, const std::string& family,
                              std::int64_t user_id, std::int64_t expires) {
  RefreshSession r;
  r.token_hash = hash;
  r.family_id = family;
  r.user_id = user_id;
  r.expires_at_ms = expires;
  r.ip = "192.0.2.9";
  r.user_agent = "refresh-agent";
  return r;
}

inline StoreError create_session_sync(Store& s, RefreshSession r) {
  return await_one<StoreError>([&](auto cb) { s.create_refresh_session(std::move(r), cb); });
}

inline RotateOutcome rotate_sync(Store& s, const std::string& old_hash, RefreshSession next,
                                 std::int64_t now) {
  return await_one<RotateOutcome>(
      [&](auto cb) { s.rotate_refresh_session(old_hash, std::move(next), now, cb); });
}

inline std::pair<JobRecord, StoreError> enqueue_sync(Store& s, const std::string& kind,
                                                     std::int64_t run_after = 0,
                                                     const std::string& owner = "",
                                                     const std::string& payload = "{}") {
  JobRecord j;
  j.kind = kind;
  j.run_after_ms = run_after;
  j.owner_public_id = owner;
  j.payload_json = payload;
  return await_two<JobRecord, StoreError>([&](auto cb) { s.enqueue_job(std::move(j), cb); });
}

inline StoreError finish_sync(Store& s, const JobLease& lease, bool ok, const std::string& result,
                              const std::string& error, std::optional<std::int64_t> retry_at,
                              std::optional<std::int64_t> expires_at, std::int64_t now) {
  return await_one<StoreError>(
      [&](auto cb) { s.finish_job(lease, ok, result, error, retry_at, expires_at, now, cb); });
}

// The lease of a claim `worker` just made.
inline JobLease lease_of(const JobRecord& claimed, const std::string& worker) {
  return {claimed.id, worker, claimed.attempts};
}

inline constexpr std::int64_t kTestLeaseMs = 60'000;

}  // namespace jm::store::testing
