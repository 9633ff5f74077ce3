#pragma once
// Rows for accounts, credentials, consents, the audit log, GDPR requests and jobs.
// Part of the Store interface (store.hpp); kept apart so store.hpp stays readable.
//
// Personal data at rest: the store is given a PiiCodec. E-mail addresses are written
// sealed (encrypted) with an HMAC blind index next to them for look-ups; reads hand
// back the opened (plain) address. Callers always pass and receive plain e-mails.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store_error.hpp"

namespace jm::store {

// Seals and opens personal fields. Implemented in security/ (AES-256-GCM + HMAC);
// PlainPiiCodec (store/plain_pii_codec.hpp) keeps text as is and only indexes it.
class PiiCodec {
 public:
  virtual ~PiiCodec() = default;
  // Ciphertext envelope for `plain`; the same input gives a different output each time.
  virtual std::string seal(std::string_view plain) const = 0;
  // Plain text of an envelope written by seal(); text that is not an envelope (rows
  // written before encryption was switched on) is returned unchanged.
  virtual std::string open(std::string_view stored) const = 0;
  // True when `stored` is already an envelope of the current key (re-seal job).
  virtual bool is_current(std::string_view stored) const = 0;
  // Deterministic keyed index of an e-mail (already trimmed + lower-cased): equal
  // addresses give equal indexes; the index alone does not reveal the address.
  virtual std::string blind_index(std::string_view email) const = 0;
};

// ---- Accounts ----

struct UserRecord {
  std::int64_t id = 0;
  std::string public_id;  // UUID, the id every API speaks
  std::string name;
  std::string email;                         // plain (opened); lower-case
  std::string role = "player";               // player | analyst | admin
  std::optional<std::string> password_hash;  // set once the visitor made an account
  bool email_verified = false;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::optional<std::int64_t> account_created_at_ms;
  std::optional<std::int64_t> last_login_at_ms;
  std::optional<std::int64_t> locked_until_ms;
};

struct NewAccount {
  std::string name;
  std::string email;  // trimmed, lower-cased
  std::string password_hash;
  std::string role = "player";
  std::int64_t now_ms = 0;
};

// create_account: a visitor row with the same e-mail becomes the account (it keeps
// its games: that is the adoption); an e-mail that already has an account → conflict.
struct AccountOutcome {
  std::optional<UserRecord> user;
  bool adopted_visitor = false;  // an existing visitor row was converted
  StoreError error;
};

// Failed-login bookkeeping, done atomically in the store so concurrent attempts and
// several instances count together.
struct LockoutPolicy {
  int max_failures = 5;
  std::int64_t window_ms = 15 * 60 * 1000;
  std::int64_t lock_ms = 15 * 60 * 1000;
};

struct LoginState {
  int failures_in_window = 0;
  std::optional<std::int64_t> locked_until_ms;  // set when this failure locked the account
};

// ---- API keys ----

struct ApiKeyRecord {
  std::string key_id;  // public part of the key, unique (e.g. "jm_3f2a9c0d1e2b")
  std::string name;
  std::string role;         // analyst | admin
  std::string secret_hash;  // SHA-256 hex of the whole key; the key itself is never stored
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> last_used_at_ms;
  std::optional<std::int64_t> revoked_at_ms;
};

// ---- Refresh tokens (the `sessions` table) ----

struct RefreshSession {
  std::string token_hash;  // SHA-256 hex of the refresh token
  std::string family_id;   // every rotation of one login shares it
  std::int64_t user_id = 0;
  std::int64_t created_at_ms = 0;
  std::int64_t expires_at_ms = 0;
  std::string ip;
  std::string user_agent;
};

enum class RotateResult {
  rotated,  // old token marked rotated, the new one stored; `user` is set
  unknown,  // no such token
  expired,  // the token's time is up (nothing changed)
  reused,   // an already-rotated or revoked token: the whole family is now revoked
};

struct RotateOutcome {
  RotateResult result = RotateResult::unknown;
  std::optional<UserRecord> user;
  StoreError error;
};

// ---- Consents ----

struct ConsentRecord {
  std::int64_t id = 0;
  std::string user_public_id;
  std::string consent_type;  // essential | analytics | marketing | third_party
  std::string status;        // granted | denied | revoked
  std::int64_t recorded_at_ms = 0;
  std::optional<std::int64_t> withdrawn_at_ms;  // set on the row a revoke closed
  std::string ip;
  std::string user_agent;
};

// ---- Audit log ----

struct AuditEntry {
  std::int64_t id = 0;
  std::string actor;  // user public id, "apikey:<key_id>", "system" or "anonymous"
  std::string actor_role;
  std::string action;  // e.g. "auth.login", "gdpr.export", "consent.revoke"
  std::string resource_type;
  std::string resource_id;
  std::string ip;
  std::string user_agent;
  int status = 0;  // HTTP status of the request, 0 for non-HTTP actions
  std::string request_id;
  std::string details_json = "{}";
  std::int64_t created_at_ms = 0;
};

struct AuditQuery {
  std::string actor, action, resource_type, resource_id;  // empty = any
  std::int64_t since_ms = 0, until_ms = 0;                // 0 = unbounded
  int limit = 50, offset = 0;
};

struct AuditPage {
  std::vector<AuditEntry> entries;  // newest first
  std::int64_t total = 0;           // matching rows, for pagination
};

// ---- GDPR ----

struct PersonalGame {
  std::string session_id, mode, game_type, source, status;
  std::optional<int> duration_seconds, correct_count;
  int guess_count = 0, score = 0;
  bool shared_on_social = false;
  std::string guesses_json, metadata_json;
  std::string ip, user_agent;
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> finished_at_ms;
  std::string rounds_json = "[]";  // [{roundIndex, career, status, guesses, ...}]
};

// Everything the store holds about one person.
struct PersonalData {
  UserRecord user;
  std::vector<PersonalGame> games;
  std::vector<ConsentRecord> consents;  // full history, oldest first
  std::vector<AuditEntry> audit;        // entries by or about the person
  std::vector<ApiKeyRecord> api_keys;   // none today: keys are not owned by users
  int refresh_sessions = 0;             // count only: token hashes are not personal data
};

struct ErasureRequest {
  std::string user_public_id;
  std::string request_id;    // the HTTP request that asked for it
  std::string requested_by;  // actor, as in the audit log
  std::string subject_ref;   // keyed hash of the public id: proof without the PII
  std::int64_t now_ms = 0;
};

struct ErasureOutcome {
  bool found = false;
  int games_anonymised = 0, consents_deleted = 0, audit_scrubbed = 0, sessions_deleted = 0,
      exports_deleted = 0;
  std::string deletion_id;  // data_deletions.public_id
  StoreError error;
};

// ---- Jobs ----

struct JobRecord {
  std::int64_t id = 0;
  std::string public_id;  // UUID shown to API clients
  std::string kind;       // e.g. "gdpr.export", "retention"
  std::string payload_json = "{}";
  std::string status;  // queued | running | done | failed
  int attempts = 0;
  std::int64_t run_after_ms = 0;
  std::string result_json;  // set when done (an export's document, a retention report)
  std::string last_error;
  std::string owner_public_id;                // who may read the result ("" = admins only)
  std::optional<std::int64_t> expires_at_ms;  // result download expiry
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  std::optional<std::int64_t> lease_until_ms;  // while running: held until then
};

// One claim of a job: the worker that holds it and the attempt it is on. Renewing and
// finishing name the claim, so a worker whose lease ran out (and whose job another
// worker has since claimed) can neither extend nor record anything.
struct JobLease {
  std::int64_t job_id = 0;
  std::string worker;
  int attempt = 0;  // the job's attempts right after this claim
};

// ---- Retention ----

// Periods per data kind; 0 disables that kind.
struct RetentionPolicy {
  std::int64_t audit_logs_ms = 90LL * 86'400'000;
  std::int64_t temporary_ms = 30LL * 86'400'000;              // finished jobs and their results
  std::int64_t marketing_ms = 2LL * 365 * 86'400'000;         // marketing consents
  std::int64_t inactive_profile_ms = 7LL * 365 * 86'400'000;  // users with no activity
};

struct RetentionReport {
  bool dry_run = true;
  int audit_logs = 0, temporary = 0, marketing_consents = 0, inactive_profiles = 0,
      expired_sessions = 0, expired_exports = 0;
  StoreError error;
};

}  // namespace jm::store
