#include "store/sqlite/account_queries.hpp"

#include "store/sqlite/record_rows.hpp"
#include "store/sqlite/user_rows.hpp"

namespace jm::store::sqlite {
namespace {

const std::string kUserByIndex =
    std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.email_index = ?1";
const std::string kUserByPublicId =
    std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.public_id = ?1";
const std::string kApiKey =
    std::string("SELECT ") + kApiKeyColumns + " FROM api_keys k WHERE k.key_id = ?1";
const std::string kApiKeys =
    std::string("SELECT ") + kApiKeyColumns + " FROM api_keys k ORDER BY k.created_at, k.key_id";
// The latest change of each type: the highest id, since rows are only appended.
const std::string kLatestConsents =
    std::string("SELECT ") + kConsentColumns +
    " FROM user_consents c JOIN users u ON u.id = c.user_id WHERE c.id IN ("
    " SELECT max(c2.id) FROM user_consents c2 JOIN users u2 ON u2.id = c2.user_id"
    " WHERE u2.public_id = ?1 GROUP BY c2.consent_type) ORDER BY c.consent_type";
const std::string kConsentHistory =
    std::string("SELECT ") + kConsentColumns +
    " FROM user_consents c JOIN users u ON u.id = c.user_id WHERE u.public_id = ?1"
    " ORDER BY c.recorded_at, c.id";

}  // namespace

std::optional<UserRecord> AccountQueries::find_user_by_email(const std::string& email) {
  Statement& s = prepare_once(conn_, user_by_index_, kUserByIndex);
  ResetOnExit reset(s);
  s.bind(1, pii_.blind_index(normalise_email(email)));
  if (!s.step()) return std::nullopt;
  return user_from_row(s, pii_);
}

std::optional<UserRecord> AccountQueries::find_user_by_public_id(const std::string& public_id) {
  Statement& s = prepare_once(conn_, user_by_public_id_, kUserByPublicId);
  ResetOnExit reset(s);
  s.bind(1, public_id);
  if (!s.step()) return std::nullopt;
  return user_from_row(s, pii_);
}

std::optional<ApiKeyRecord> AccountQueries::find_api_key(const std::string& key_id) {
  Statement& s = prepare_once(conn_, api_key_, kApiKey);
  ResetOnExit reset(s);
  s.bind(1, key_id);
  if (!s.step()) return std::nullopt;
  return api_key_from_row(s);
}

std::vector<ApiKeyRecord> AccountQueries::list_api_keys() {
  Statement& s = prepare_once(conn_, api_keys_, kApiKeys);
  ResetOnExit reset(s);
  std::vector<ApiKeyRecord> out;
  while (s.step()) out.push_back(api_key_from_row(s));
  return out;
}

std::vector<ConsentRecord> AccountQueries::consents(const std::string& user_public_id,
                                                    bool history) {
  Statement& s = history ? prepare_once(conn_, consent_history_, kConsentHistory)
                         : prepare_once(conn_, latest_consents_, kLatestConsents);
  ResetOnExit reset(s);
  s.bind(1, user_public_id);
  std::vector<ConsentRecord> out;
  while (s.step()) out.push_back(consent_from_row(s));
  return out;
}

int AccountQueries::count_sessions(std::int64_t user_id) {
  Statement& s =
      prepare_once(conn_, count_sessions_, "SELECT count(*) FROM sessions WHERE user_id = ?1");
  ResetOnExit reset(s);
  s.bind(1, user_id);
  return s.step() ? static_cast<int>(s.column_int64(0)) : 0;
}

}  // namespace jm::store::sqlite
