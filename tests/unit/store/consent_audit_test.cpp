// Consent records (append-only, revoke closes the open grant) and the audit log
// (filters, pagination, totals).
#include <gtest/gtest.h>

#include <vector>

#include <nlohmann/json.hpp>

#include "store_fixture.hpp"

namespace jm::store::testing {
namespace {

class StoreConsentAudit : public StoreSuite {
 protected:
  std::string user(const std::string& email) {
    const auto out = create_account_sync(store(), email);
    EXPECT_TRUE(out.user) << out.error.message;
    return out.user ? out.user->public_id : "";
  }
};
JM_STORE_SUITE(StoreConsentAudit);

TEST_P(StoreConsentAudit, ChangesAppendAndARevokeClosesTheOpenGrant) {
  const auto pid = user("consent@example.com");
  const auto [granted, e1] =
      record_consent_sync(store(), consent(pid, "analytics", "granted", kT0));
  ASSERT_FALSE(e1) << e1.message;
  EXPECT_GT(granted.id, 0);
  EXPECT_EQ(granted.user_public_id, pid);
  EXPECT_EQ(granted.recorded_at_ms, kT0);
  EXPECT_EQ(granted.ip, "198.51.100.4");
  ASSERT_FALSE(record_consent_sync(store(), consent(pid, "marketing", "granted", kT0 + 1)).second);
  const auto [revoked, e3] =
      record_consent_sync(store(), consent(pid, "analytics", "revoked", kT0 + 2));
  ASSERT_FALSE(e3);
  EXPECT_EQ(revoked.status, "revoked");
  EXPECT_FALSE(revoked.withdrawn_at_ms);

  const auto history = store().consents(pid, true);
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].id, granted.id);
  EXPECT_EQ(history[0].withdrawn_at_ms, kT0 + 2);  // closed by the revoke
  EXPECT_EQ(history[1].consent_type, "marketing");
  EXPECT_FALSE(history[1].withdrawn_at_ms);
  EXPECT_EQ(history[2].id, revoked.id);
  EXPECT_EQ(history[2].user_agent, "consent-agent");

  const auto current = store().consents(pid, false);
  ASSERT_EQ(current.size(), 2u);
  EXPECT_EQ(current[0].consent_type, "analytics");
  EXPECT_EQ(current[0].status, "revoked");
  EXPECT_EQ(current[1].consent_type, "marketing");
  EXPECT_EQ(current[1].status, "granted");

  // Granted again, then revoked again: only the newest grant is closed the second time.
  ASSERT_FALSE(record_consent_sync(store(), consent(pid, "analytics", "granted", kT0 + 3)).second);
  ASSERT_FALSE(record_consent_sync(store(), consent(pid, "analytics", "revoked", kT0 + 4)).second);
  const auto later = store().consents(pid, true);
  ASSERT_EQ(later.size(), 5u);
  EXPECT_EQ(later[0].withdrawn_at_ms, kT0 + 2);
  EXPECT_EQ(later[3].withdrawn_at_ms, kT0 + 4);
  EXPECT_TRUE(store().consents("00000000-0000-4000-8000-000000000000", true).empty());
}

TEST_P(StoreConsentAudit, ConsentForUnknownUserOrTypeIsInvalid) {
  const auto pid = user("bad-consent@example.com");
  EXPECT_EQ(record_consent_sync(store(), consent("00000000-0000-4000-8000-000000000000",
                                                 "analytics", "granted", kT0))
                .second.kind,
            ErrorKind::invalid);
  EXPECT_EQ(record_consent_sync(store(), consent(pid, "telepathy", "granted", kT0)).second.kind,
            ErrorKind::invalid);
  EXPECT_EQ(record_consent_sync(store(), consent(pid, "analytics", "maybe", kT0)).second.kind,
            ErrorKind::invalid);
  EXPECT_TRUE(store().consents(pid, true).empty());
}

// The store, not the request path, decides what a client report keeps: the latest analytics
// consent as the write's own transaction sees it (withdrawn → the stripped metadata and no
// user agent; never asked or granted again → everything).
TEST_P(StoreConsentAudit, AClientReportKeepsAnalyticsOnlyWhileConsentIsNotWithdrawn) {
  const std::string email = "analytics-consent@example.com";
  const auto pid = user(email);
  auto report = [&](const std::string& session) {
    NewGame g = make_game(session, email, "Consent Player");
    g.metadata_json = R"({"browserInfo":{"ua":"x"},"gameSpecificData":{"round":1}})";
    g.metadata_json_without_analytics = R"({"gameSpecificData":{"round":1}})";
    g.user_agent = "agent/1";
    const auto out = save_sync(store(), std::move(g));
    EXPECT_TRUE(out.saved) << out.error.message;
  };
  auto stored = [&](const std::string& session) -> std::pair<std::string, std::string> {
    const auto data = store().collect_personal_data(pid);
    if (!data) return {};
    for (const auto& g : data->games) {
      if (g.session_id == session) return {g.metadata_json, g.user_agent};
    }
    ADD_FAILURE() << "no game " << session;
    return {};
  };
  const std::string full = R"({"browserInfo":{"ua":"x"},"gameSpecificData":{"round":1}})";
  const std::string stripped = R"({"gameSpecificData":{"round":1}})";

  report("consent-never-asked");
  EXPECT_EQ(nlohmann::json::parse(stored("consent-never-asked").first),
            nlohmann::json::parse(full));
  EXPECT_EQ(stored("consent-never-asked").second, "agent/1");

  ASSERT_FALSE(record_consent_sync(store(), consent(pid, "analytics", "revoked", kT0)).second);
  report("consent-withdrawn");
  EXPECT_EQ(nlohmann::json::parse(stored("consent-withdrawn").first),
            nlohmann::json::parse(stripped));
  EXPECT_EQ(stored("consent-withdrawn").second, "");

  // Another type's change is not the analytics decision.
  ASSERT_FALSE(record_consent_sync(store(), consent(pid, "marketing", "granted", kT0 + 1)).second);
  report("consent-still-withdrawn");
  EXPECT_EQ(stored("consent-still-withdrawn").second, "");

  ASSERT_FALSE(record_consent_sync(store(), consent(pid, "analytics", "granted", kT0 + 2)).second);
  report("consent-granted-again");
  EXPECT_EQ(nlohmann::json::parse(stored("consent-granted-again").first),
            nlohmann::json::parse(full));
  EXPECT_EQ(stored("consent-granted-again").second, "agent/1");

  // Without an alternative (a server-side caller), the metadata is kept as sent.
  ASSERT_FALSE(record_consent_sync(store(), consent(pid, "analytics", "denied", kT0 + 3)).second);
  NewGame plain = make_game("consent-no-alternative", email, "Consent Player");
  plain.metadata_json = full;
  ASSERT_TRUE(save_sync(store(), std::move(plain)).saved);
  EXPECT_EQ(nlohmann::json::parse(stored("consent-no-alternative").first),
            nlohmann::json::parse(full));
}

AuditEntry entry(const std::string& actor, const std::string& action, const std::string& type,
                 const std::string& id, std::int64_t at, int status = 200) {
  AuditEntry e;
  e.actor = actor;
  e.actor_role = actor == "system" ? "" : "admin";
  e.action = action;
  e.resource_type = type;
  e.resource_id = id;
  e.ip = "203.0.113.50";
  e.user_agent = "audit-agent";
  e.status = status;
  e.request_id = "req-" + std::to_string(at);
  e.details_json = R"({"n":)" + std::to_string(at) + "}";
  e.created_at_ms = at;
  return e;
}

TEST_P(StoreConsentAudit, AuditEntriesFilterPageAndCount) {
  // 10 entries at kT0+0..9: actors alternate, actions cycle through three.
  const char* actions[] = {"auth.login", "gdpr.export", "consent.revoke"};
  for (int i = 0; i < 10; ++i) {
    ASSERT_FALSE(append_audit_sync(
        store(), entry(i % 2 ? "apikey:jm_1" : "admin-1", actions[i % 3], i < 5 ? "user" : "job",
                       "res-" + std::to_string(i % 4), kT0 + i, i == 9 ? 403 : 200)));
  }
  // A null callback is fine; the next write's callback proves it is durable.
  store().append_audit(entry("system", "retention.run", "", "", kT0 + 10, 0), nullptr);
  ASSERT_FALSE(append_audit_sync(store(), entry("system", "noop", "", "", kT0 + 11, 0)));

  auto all = store().audit_entries({});
  EXPECT_EQ(all.total, 12);
  ASSERT_EQ(all.entries.size(), 12u);
  EXPECT_EQ(all.entries.front().action, "noop");  // newest first
  EXPECT_EQ(all.entries.back().created_at_ms, kT0);

  const auto& denied = all.entries[2];  // kT0 + 9
  EXPECT_EQ(denied.actor, "apikey:jm_1");
  EXPECT_EQ(denied.actor_role, "admin");
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.resource_type, "job");
  EXPECT_EQ(denied.resource_id, "res-1");
  EXPECT_EQ(denied.ip, "203.0.113.50");
  EXPECT_EQ(denied.user_agent, "audit-agent");
  EXPECT_EQ(denied.request_id, "req-" + std::to_string(kT0 + 9));
  EXPECT_EQ(denied.details_json, R"({"n":)" + std::to_string(kT0 + 9) + "}");
  EXPECT_EQ(all.entries[1].resource_type, "");  // stored as NULL, read back as empty
  EXPECT_EQ(all.entries[1].status, 0);

  AuditQuery q;
  q.actor = "admin-1";
  EXPECT_EQ(store().audit_entries(q).total, 5);
  q = {};
  q.action = "gdpr.export";
  EXPECT_EQ(store().audit_entries(q).total, 3);  // i = 1, 4, 7
  q = {};
  q.resource_type = "job";
  q.resource_id = "res-1";
  EXPECT_EQ(store().audit_entries(q).total, 2);  // i = 5, 9
  q = {};
  q.since_ms = kT0 + 3;
  q.until_ms = kT0 + 6;  // both inclusive
  const auto window = store().audit_entries(q);
  EXPECT_EQ(window.total, 4);
  ASSERT_EQ(window.entries.size(), 4u);
  EXPECT_EQ(window.entries.front().created_at_ms, kT0 + 6);
  EXPECT_EQ(window.entries.back().created_at_ms, kT0 + 3);
  q.actor = "apikey:jm_1";
  q.action = "auth.login";
  EXPECT_EQ(store().audit_entries(q).total, 1);  // i = 3

  AuditQuery page;
  page.limit = 3;
  page.offset = 3;
  const auto second = store().audit_entries(page);
  EXPECT_EQ(second.total, 12);
  ASSERT_EQ(second.entries.size(), 3u);
  EXPECT_EQ(second.entries[0].created_at_ms, kT0 + 8);
  EXPECT_EQ(second.entries[2].created_at_ms, kT0 + 6);
  page.offset = 11;
  EXPECT_EQ(store().audit_entries(page).entries.size(), 1u);
  page.limit = -5;
  EXPECT_TRUE(store().audit_entries(page).entries.empty());
}

}  // namespace
}  // namespace jm::store::testing
