// PostgresStore: accounts, API keys, refresh sessions, consents and the audit log.
// Writes are ops of the group-commit writer; single statements ride its pipelined fast
// path. Credential reads go to the primary: a login must see the latest password,
// lock and revocation.
#include <algorithm>
#include <utility>

#include "store/postgres/pg_account_sql.hpp"
#include "store/postgres/pg_function_op.hpp"
#include "store/postgres/pg_record_rows.hpp"
#include "store/postgres/pg_store_read.hpp"
#include "store/postgres/pg_users.hpp"
#include "store/postgres/pg_writer.hpp"
#include "util/random_id.hpp"

namespace jm::store {
namespace {

using postgres::Call;
using postgres::Connection;
using postgres::FunctionOp;
using postgres::MergedRowOp;
using postgres::Params;
using postgres::Result;
using postgres::StatementOp;
using postgres::WriteOp;
namespace sql = postgres::sql;

using postgres::one_op;

Call call(const postgres::Sql& statement, Params params) {
  return Call{&statement, std::move(params)};
}

// For StatementOps that must change a row: none changed means "no such thing".
std::function<StoreError(const Result&)> must_change(std::string what) {
  return [what = std::move(what)](const Result& r) {
    return r.affected() == 0 ? StoreError{ErrorKind::invalid, what} : StoreError{};
  };
}

}  // namespace

std::optional<UserRecord> PostgresStore::find_user_by_email(const std::string& email) {
  const std::string index = pii_->blind_index(postgres::normalise_email(email));
  return read(false, [&](Connection& c) { return postgres::find_user_by_index(c, *pii_, index); });
}

std::optional<UserRecord> PostgresStore::find_user_by_public_id(const std::string& public_id) {
  return read(false, [&](Connection& c) -> std::optional<UserRecord> {
    const Result r = c.run(sql::kUserByPublicId, Params().add(public_id));
    if (r.rows() == 0) return std::nullopt;
    return postgres::user_from(r, 0, *pii_);
  });
}

void PostgresStore::create_account(NewAccount account, AccountCallback done) {
  auto pii = pii_;
  auto body = [account = std::move(account), pii](Connection& c, AccountOutcome& out) {
    const std::string email = postgres::normalise_email(account.email);
    const std::string index = pii->blind_index(email);
    std::int64_t user_id = 0;
    if (auto existing = postgres::find_user_by_index(c, *pii, index)) {
      const StoreError taken{ErrorKind::conflict, "an account with this e-mail already exists"};
      if (existing->password_hash) return taken;
      const Result r = c.run(sql::kAdoptVisitor, Params()
                                                     .add(existing->id)
                                                     .add(account.name)
                                                     .add(account.password_hash)
                                                     .add(account.role)
                                                     .add(account.now_ms));
      if (r.affected() == 0) return taken;  // adopted concurrently
      user_id = existing->id;
      out.adopted_visitor = true;
    } else {
      const Result r = c.run(sql::kInsertAccount, Params()
                                                      .add(random_uuid())
                                                      .add(account.name)
                                                      .add(pii->seal(email))
                                                      .add(index)
                                                      .add(account.password_hash)
                                                      .add(account.role)
                                                      .add(account.now_ms));
      user_id = r.int64(0, 0);
    }
    out.user = postgres::find_user_by_id(c, *pii, user_id);
    if (!out.user) return StoreError{ErrorKind::internal, "account vanished after writing it"};
    return StoreError{};
  };
  submit(one_op<FunctionOp<AccountOutcome>>(
      std::move(body), [done = std::move(done)](AccountOutcome o, StoreError e) {
        o.error = std::move(e);
        if (o.error) o.user.reset();
        sqlite::call_safely(done, std::move(o));
      }));
}

void PostgresStore::update_credentials(std::int64_t user_id,
                                       std::optional<std::string> password_hash,
                                       std::optional<std::string> role, std::int64_t now_ms,
                                       ErrorCallback done) {
  submit(one_op<StatementOp>(
      call(sql::kUpdateCredentials,
           Params().add(user_id).add(std::move(password_hash)).add(std::move(role)).add(now_ms)),
      must_change("no user with id " + std::to_string(user_id)), std::move(done)));
}

void PostgresStore::record_login_failure(std::int64_t user_id, LockoutPolicy policy,
                                         std::int64_t now_ms,
                                         std::function<void(LoginState, StoreError)> done) {
  // A limit below 1 would lock on the first failure; read it as 1 rather than guess.
  const int max_failures = std::max(1, policy.max_failures);
  auto body = [=](Connection& c, LoginState& state) {
    const Result r = c.run(sql::kLoginFailure, Params()
                                                   .add(user_id)
                                                   .add(policy.window_ms)
                                                   .add(now_ms)
                                                   .add(max_failures)
                                                   .add(policy.lock_ms));
    if (r.rows() == 0) {
      return StoreError{ErrorKind::invalid, "no user with id " + std::to_string(user_id)};
    }
    state.failures_in_window = r.int32(0, 0);
    if (state.failures_in_window >= max_failures) state.locked_until_ms = r.opt_int64(0, 1);
    return StoreError{};
  };
  submit(one_op<FunctionOp<LoginState>>(std::move(body), std::move(done)));
}

void PostgresStore::record_login_success(std::int64_t user_id, std::int64_t now_ms,
                                         ErrorCallback done) {
  submit(one_op<StatementOp>(call(sql::kLoginSuccess, Params().add(user_id).add(now_ms)),
                             must_change("no user with id " + std::to_string(user_id)),
                             std::move(done)));
}

void PostgresStore::create_api_key(ApiKeyRecord key, ErrorCallback done) {
  submit(one_op<StatementOp>(call(sql::kInsertApiKey, Params()
                                                          .add(key.key_id)
                                                          .add(key.name)
                                                          .add(key.role)
                                                          .add(key.secret_hash)
                                                          .add(key.created_at_ms)
                                                          .add(key.last_used_at_ms)
                                                          .add(key.revoked_at_ms)),
                             nullptr, std::move(done)));
}

std::optional<ApiKeyRecord> PostgresStore::find_api_key(const std::string& key_id) {
  return read(false, [&](Connection& c) -> std::optional<ApiKeyRecord> {
    const Result r = c.run(sql::kApiKey, Params().add(key_id));
    if (r.rows() == 0) return std::nullopt;
    return postgres::api_key_from(r, 0);
  });
}

std::vector<ApiKeyRecord> PostgresStore::list_api_keys() {
  return read(false, [](Connection& c) {
    const Result r = c.run(sql::kApiKeys);
    std::vector<ApiKeyRecord> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(postgres::api_key_from(r, i));
    return out;
  });
}

void PostgresStore::revoke_api_key(const std::string& key_id, std::int64_t now_ms,
                                   ErrorCallback done) {
  submit(one_op<StatementOp>(call(sql::kRevokeApiKey, Params().add(key_id).add(now_ms)),
                             must_change("no API key '" + key_id + "'"), std::move(done)));
}

void PostgresStore::touch_api_key(const std::string& key_id, std::int64_t now_ms) {
  submit(one_op<StatementOp>(call(sql::kTouchApiKey, Params().add(key_id).add(now_ms)), nullptr,
                             nullptr));
}

void PostgresStore::create_refresh_session(RefreshSession s, ErrorCallback done) {
  submit(one_op<StatementOp>(call(sql::kInsertSession, Params()
                                                           .add(s.token_hash)
                                                           .add(s.family_id)
                                                           .add(s.user_id)
                                                           .add(s.created_at_ms)
                                                           .add(s.expires_at_ms)
                                                           .add_text_or_null(s.ip)
                                                           .add_text_or_null(s.user_agent)),
                             nullptr, std::move(done)));
}

void PostgresStore::rotate_refresh_session(std::string old_hash, RefreshSession next,
                                           std::int64_t now_ms,
                                           std::function<void(RotateOutcome)> done) {
  auto pii = pii_;
  auto body = [old_hash = std::move(old_hash), next = std::move(next), now_ms, pii](
                  Connection& c, RotateOutcome& out) mutable {
    const Result found = c.run(sql::kLockSession, Params().add(old_hash));
    if (found.rows() == 0) {
      out.result = RotateResult::unknown;
      return StoreError{};
    }
    const std::int64_t id = found.int64(0, 0);
    const std::string family = found.text(0, 1);
    const std::int64_t user_id = found.int64(0, 2);
    if (found.text(0, 3) != "active") {
      // A retired token came back: it was stolen, or its rotation was. No token of this
      // login may be trusted any more (and that revocation is committed).
      c.run(sql::kRevokeFamily, Params().add(family));
      out.result = RotateResult::reused;
      return StoreError{};
    }
    if (found.int64(0, 4) <= now_ms) {
      out.result = RotateResult::expired;
      return StoreError{};
    }
    c.run(sql::kMarkRotated, Params().add(id).add(now_ms));
    // The successor belongs to the same login, whatever the caller filled in.
    next.family_id = family;
    next.user_id = user_id;
    if (next.created_at_ms == 0) next.created_at_ms = now_ms;
    c.run(sql::kInsertSession, Params()
                                   .add(next.token_hash)
                                   .add(next.family_id)
                                   .add(next.user_id)
                                   .add(next.created_at_ms)
                                   .add(next.expires_at_ms)
                                   .add_text_or_null(next.ip)
                                   .add_text_or_null(next.user_agent));
    out.user = postgres::find_user_by_id(c, *pii, user_id);
    if (!out.user) return StoreError{ErrorKind::internal, "session user vanished"};
    out.result = RotateResult::rotated;
    return StoreError{};
  };
  submit(one_op<FunctionOp<RotateOutcome>>(std::move(body),
                                           [done = std::move(done)](RotateOutcome o, StoreError e) {
                                             o.error = std::move(e);
                                             sqlite::call_safely(done, std::move(o));
                                           }));
}

void PostgresStore::revoke_refresh_family_of(std::string token_hash, std::int64_t /*now_ms*/,
                                             ErrorCallback done) {
  submit(one_op<StatementOp>(call(sql::kRevokeFamilyOf, Params().add(token_hash)), nullptr,
                             std::move(done)));
}

void PostgresStore::record_consent(ConsentRecord consent,
                                   std::function<void(ConsentRecord, StoreError)> done) {
  auto body = [consent = std::move(consent)](Connection& c, ConsentRecord& stored) {
    const auto user_id = postgres::find_user_id(c, consent.user_public_id);
    if (!user_id) return StoreError{ErrorKind::invalid, "no user '" + consent.user_public_id + "'"};
    stored = consent;
    stored.withdrawn_at_ms.reset();
    const Result r = c.run(sql::kInsertConsent, Params()
                                                    .add(*user_id)
                                                    .add(consent.consent_type)
                                                    .add(consent.status)
                                                    .add(consent.recorded_at_ms)
                                                    .add_text_or_null(consent.ip)
                                                    .add_text_or_null(consent.user_agent));
    stored.id = r.int64(0, 0);
    if (consent.status == "revoked") {
      c.run(sql::kCloseGrant,
            Params().add(*user_id).add(consent.consent_type).add(consent.recorded_at_ms));
    }
    return StoreError{};
  };
  submit(one_op<FunctionOp<ConsentRecord>>(std::move(body), std::move(done)));
}

std::vector<ConsentRecord> PostgresStore::consents(const std::string& user_public_id,
                                                   bool history) {
  return read(false, [&](Connection& c) {
    const Result r =
        c.run(history ? sql::kConsentHistory : sql::kLatestConsents, Params().add(user_public_id));
    std::vector<ConsentRecord> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(postgres::consent_from(r, i));
    return out;
  });
}

void PostgresStore::append_audit(AuditEntry e, ErrorCallback done) {
  submit(one_op<MergedRowOp>(sql::kInsertAudits,
                             Params()
                                 .add(e.actor)
                                 .add_text_or_null(e.actor_role)
                                 .add(e.action)
                                 .add_text_or_null(e.resource_type)
                                 .add_text_or_null(e.resource_id)
                                 .add_text_or_null(e.ip)
                                 .add_text_or_null(e.user_agent)
                                 .add(e.status)
                                 .add_text_or_null(e.request_id)
                                 .add(e.details_json.empty() ? std::string("{}") : e.details_json)
                                 .add(e.created_at_ms),
                             std::move(done)));
}

AuditPage PostgresStore::audit_entries(const AuditQuery& q) {
  return read(true, [&](Connection& c) {
    const Result r = c.run(sql::kAuditPage, Params()
                                                .add(q.actor)
                                                .add(q.action)
                                                .add(q.resource_type)
                                                .add(q.resource_id)
                                                .add(q.since_ms)
                                                .add(q.until_ms)
                                                .add(std::max(q.limit, 0))
                                                .add(std::max(q.offset, 0)));
    AuditPage page;
    for (int i = 0; i < r.rows(); ++i) {
      page.total = r.int64(i, 12);
      if (!r.is_null(i, 0)) page.entries.push_back(postgres::audit_from(r, i));
    }
    return page;
  });
}

}  // namespace jm::store
