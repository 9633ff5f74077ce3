// SqliteStore: accounts, API keys, refresh sessions, consents and the audit log.
// Writes are FunctionOps of the group-commit writer (savepoint per op, answer after
// COMMIT); reads go to the calling thread's read connection through guarded_read.

#include <utility>

#include "store/sqlite/account_writer.hpp"
#include "store/sqlite/credential_writer.hpp"
#include "store/sqlite/read_guard.hpp"
#include "store/sqlite/reader_pool.hpp"
#include "store/sqlite/record_writer.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/submit_op.hpp"

namespace jm::store {
namespace {

using sqlite::FunctionOp;
using sqlite::OpWriters;
using sqlite::ReadConnection;
using sqlite::submit_op;

// An op whose only answer is its error.
struct NoResult {};

std::unique_ptr<sqlite::WriteOp> error_op(std::function<StoreError(OpWriters&)> apply,
                                          Store::ErrorCallback done) {
  return std::make_unique<FunctionOp<NoResult>>(
      [apply = std::move(apply)](OpWriters& w, NoResult&) { return apply(w); },
      [done = std::move(done)](NoResult, StoreError error) {
        if (done) done(std::move(error));
      });
}

}  // namespace

std::optional<UserRecord> SqliteStore::find_user_by_email(const std::string& email) {
  return sqlite::guarded_read(
      *readers_, [&](ReadConnection& r) { return r.accounts().find_user_by_email(email); });
}

std::optional<UserRecord> SqliteStore::find_user_by_public_id(const std::string& public_id) {
  return sqlite::guarded_read(
      *readers_, [&](ReadConnection& r) { return r.accounts().find_user_by_public_id(public_id); });
}

void SqliteStore::create_account(NewAccount account, AccountCallback done) {
  if (account.now_ms == 0) account.now_ms = clock_.now_ms();
  submit_op(*writer_, std::make_unique<FunctionOp<AccountOutcome>>(
                          [account = std::move(account)](OpWriters& w, AccountOutcome& out) {
                            out = w.accounts.create_account(account);
                            return out.error;
                          },
                          [done = std::move(done)](AccountOutcome out, StoreError error) {
                            if (error) out = AccountOutcome{std::nullopt, false, std::move(error)};
                            if (done) done(std::move(out));
                          }));
}

void SqliteStore::update_credentials(std::int64_t user_id, std::optional<std::string> password_hash,
                                     std::optional<std::string> role, std::int64_t now_ms,
                                     ErrorCallback done) {
  submit_op(*writer_,
            error_op(
                [=, hash = std::move(password_hash), role = std::move(role)](OpWriters& w) {
                  return w.accounts.update_credentials(user_id, hash, role, now_ms);
                },
                std::move(done)));
}

void SqliteStore::record_login_failure(std::int64_t user_id, LockoutPolicy policy,
                                       std::int64_t now_ms,
                                       std::function<void(LoginState, StoreError)> done) {
  submit_op(*writer_, std::make_unique<FunctionOp<LoginState>>(
                          [=](OpWriters& w, LoginState& state) {
                            return w.accounts.record_login_failure(user_id, policy, now_ms, state);
                          },
                          std::move(done)));
}

void SqliteStore::record_login_success(std::int64_t user_id, std::int64_t now_ms,
                                       ErrorCallback done) {
  submit_op(*writer_,
            error_op([=](OpWriters& w) { return w.accounts.record_login_success(user_id, now_ms); },
                     std::move(done)));
}

void SqliteStore::create_api_key(ApiKeyRecord key, ErrorCallback done) {
  if (key.created_at_ms == 0) key.created_at_ms = clock_.now_ms();
  submit_op(*writer_, error_op(
                          [key = std::move(key)](OpWriters& w) {
                            w.credentials.create_api_key(key);
                            return StoreError{};
                          },
                          std::move(done)));
}

std::optional<ApiKeyRecord> SqliteStore::find_api_key(const std::string& key_id) {
  return sqlite::guarded_read(*readers_,
                              [&](ReadConnection& r) { return r.accounts().find_api_key(key_id); });
}

std::vector<ApiKeyRecord> SqliteStore::list_api_keys() {
  return sqlite::guarded_read(*readers_,
                              [](ReadConnection& r) { return r.accounts().list_api_keys(); });
}

void SqliteStore::revoke_api_key(const std::string& key_id, std::int64_t now_ms,
                                 ErrorCallback done) {
  submit_op(*writer_,
            error_op([key_id, now_ms](
                         OpWriters& w) { return w.credentials.revoke_api_key(key_id, now_ms); },
                     std::move(done)));
}

void SqliteStore::touch_api_key(const std::string& key_id, std::int64_t now_ms) {
  // Best effort: queued like every other write (so it never overtakes one), nobody
  // waits for it, and a refusal while draining is simply dropped.
  submit_op(*writer_, error_op(
                          [key_id, now_ms](OpWriters& w) {
                            w.credentials.touch_api_key(key_id, now_ms);
                            return StoreError{};
                          },
                          nullptr));
}

void SqliteStore::create_refresh_session(RefreshSession session, ErrorCallback done) {
  if (session.created_at_ms == 0) session.created_at_ms = clock_.now_ms();
  submit_op(*writer_, error_op(
                          [session = std::move(session)](OpWriters& w) {
                            w.credentials.create_session(session);
                            return StoreError{};
                          },
                          std::move(done)));
}

void SqliteStore::rotate_refresh_session(std::string old_hash, RefreshSession next,
                                         std::int64_t now_ms,
                                         std::function<void(RotateOutcome)> done) {
  submit_op(*writer_,
            std::make_unique<FunctionOp<RotateOutcome>>(
                [old_hash = std::move(old_hash), next = std::move(next), now_ms](
                    OpWriters& w, RotateOutcome& out) {
                  out = w.credentials.rotate_session(old_hash, next, now_ms);
                  return StoreError{};
                },
                [done = std::move(done)](RotateOutcome out, StoreError error) {
                  if (error) {
                    out = RotateOutcome{RotateResult::unknown, std::nullopt, std::move(error)};
                  }
                  if (done) done(std::move(out));
                }));
}

void SqliteStore::revoke_refresh_family_of(std::string token_hash, std::int64_t /*now_ms*/,
                                           ErrorCallback done) {
  submit_op(*writer_, error_op(
                          [token_hash = std::move(token_hash)](OpWriters& w) {
                            w.credentials.revoke_family_of(token_hash);
                            return StoreError{};
                          },
                          std::move(done)));
}

void SqliteStore::record_consent(ConsentRecord consent,
                                 std::function<void(ConsentRecord, StoreError)> done) {
  if (consent.recorded_at_ms == 0) consent.recorded_at_ms = clock_.now_ms();
  submit_op(*writer_, std::make_unique<FunctionOp<ConsentRecord>>(
                          [consent = std::move(consent)](OpWriters& w, ConsentRecord& stored) {
                            return w.records.record_consent(consent, stored);
                          },
                          std::move(done)));
}

std::vector<ConsentRecord> SqliteStore::consents(const std::string& user_public_id, bool history) {
  return sqlite::guarded_read(
      *readers_, [&](ReadConnection& r) { return r.accounts().consents(user_public_id, history); });
}

void SqliteStore::append_audit(AuditEntry entry, ErrorCallback done) {
  if (entry.created_at_ms == 0) entry.created_at_ms = clock_.now_ms();
  submit_op(*writer_, error_op(
                          [entry = std::move(entry)](OpWriters& w) {
                            w.records.append_audit(entry);
                            return StoreError{};
                          },
                          std::move(done)));
}

AuditPage SqliteStore::audit_entries(const AuditQuery& query) {
  return sqlite::guarded_read(*readers_, [&](ReadConnection& r) { return r.audit().page(query); });
}

}  // namespace jm::store
