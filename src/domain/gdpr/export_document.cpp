#include "domain/gdpr/export_document.hpp"

#include "util/time_format.hpp"

namespace jm::domain {

namespace {

using json = nlohmann::json;

json optional_time(const std::optional<std::int64_t>& ms) {
  return ms ? json(format_iso8601_ms(*ms)) : json(nullptr);
}

json optional_int(const std::optional<int>& v) {
  return v ? json(*v) : json(nullptr);
}

// Stored JSON text back to JSON; a corrupt value is exported as the text it is.
json parsed(const std::string& text) {
  auto value = json::parse(text, nullptr, false);
  return value.is_discarded() ? json(text) : value;
}

json game_json(const store::PersonalGame& g) {
  return {{"gameId", g.session_id},
          {"gameType", g.game_type},
          {"mode", g.mode},
          {"source", g.source},
          {"status", g.status},
          {"durationSeconds", optional_int(g.duration_seconds)},
          {"correctCount", optional_int(g.correct_count)},
          {"guessCount", g.guess_count},
          {"score", g.score},
          {"sharedOnSocial", g.shared_on_social},
          {"guesses", parsed(g.guesses_json)},
          {"metadata", parsed(g.metadata_json)},
          {"rounds", parsed(g.rounds_json)},
          {"ip", g.ip},
          {"userAgent", g.user_agent},
          {"createdAt", format_iso8601_ms(g.created_at_ms)},
          {"finishedAt", optional_time(g.finished_at_ms)}};
}

}  // namespace

void drop_unverified_history(store::PersonalData& data) {
  const auto& user = data.user;
  if (user.email_verified || !user.account_created_at_ms) return;
  std::erase_if(data.games, [&](const store::PersonalGame& g) {
    return g.created_at_ms < *user.account_created_at_ms;
  });
}

json user_json(const store::UserRecord& u) {
  return {{"id", u.public_id},
          {"name", u.name},
          {"email", u.email},
          {"role", u.role},
          {"hasAccount", u.password_hash.has_value()},
          {"emailVerified", u.email_verified},
          {"createdAt", format_iso8601_ms(u.created_at_ms)},
          {"accountCreatedAt", optional_time(u.account_created_at_ms)},
          {"lastLoginAt", optional_time(u.last_login_at_ms)}};
}

json consent_json(const store::ConsentRecord& c) {
  return {{"type", c.consent_type},
          {"status", c.status},
          {"recordedAt", format_iso8601_ms(c.recorded_at_ms)},
          {"withdrawnAt", optional_time(c.withdrawn_at_ms)},
          {"ip", c.ip},
          {"userAgent", c.user_agent}};
}

json audit_json(const store::AuditEntry& e) {
  return {{"id", e.id},
          {"actor", e.actor},
          {"actorRole", e.actor_role},
          {"action", e.action},
          {"resourceType", e.resource_type},
          {"resourceId", e.resource_id},
          {"ip", e.ip},
          {"userAgent", e.user_agent},
          {"status", e.status},
          {"requestId", e.request_id},
          {"details", parsed(e.details_json)},
          {"createdAt", format_iso8601_ms(e.created_at_ms)}};
}

json export_document(const store::PersonalData& data, std::int64_t now_ms) {
  json games = json::array(), consents = json::array(), audit = json::array();
  for (const auto& g : data.games) games.push_back(game_json(g));
  for (const auto& c : data.consents) consents.push_back(consent_json(c));
  for (const auto& e : data.audit) audit.push_back(audit_json(e));
  return {{"exportedAt", format_iso8601_ms(now_ms)},
          {"user", user_json(data.user)},
          {"games", std::move(games)},
          {"consents", std::move(consents)},
          {"auditLog", std::move(audit)},
          {"refreshSessions", data.refresh_sessions}};
}

json legacy_export_data(const store::PersonalData& data, std::int64_t now_ms) {
  auto doc = export_document(data, now_ms);
  return {{"user_id", data.user.public_id}, {"export_date", doc["exportedAt"]},
          {"personal_data", doc["user"]},   {"activity_logs", doc["games"]},
          {"consents", doc["consents"]},    {"audit_log", doc["auditLog"]}};
}

}  // namespace jm::domain
