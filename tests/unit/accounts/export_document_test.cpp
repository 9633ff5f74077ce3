#include "domain/gdpr/export_document.hpp"

#include <gtest/gtest.h>

namespace jm::domain {
namespace {

store::PersonalData sample() {
  store::PersonalData d;
  d.user.public_id = "11111111-2222-4333-8444-555555555555";
  d.user.name = "Jane Doe";
  d.user.email = "jane@example.com";
  d.user.password_hash = "$argon2id$...";
  d.user.created_at_ms = 1'000;
  d.user.account_created_at_ms = 5'000;
  store::PersonalGame early, late;
  early.session_id = "visitor-game";
  early.created_at_ms = 2'000;
  early.guesses_json = R"(["A"])";
  early.metadata_json = "{}";
  early.rounds_json = "not json";
  late = early;
  late.session_id = "account-game";
  late.created_at_ms = 6'000;
  late.rounds_json = R"([{"roundIndex":0}])";
  d.games = {early, late};
  store::ConsentRecord c;
  c.consent_type = "analytics";
  c.status = "granted";
  c.ip = "10.0.0.1";
  d.consents = {c};
  store::AuditEntry e;
  e.action = "auth.register";
  e.details_json = R"({"adoptedVisitor":true})";
  d.audit = {e};
  d.refresh_sessions = 2;
  return d;
}

TEST(ExportDocument, HoldsEverythingAndNoPasswordHash) {
  auto doc = export_document(sample(), 86'400'000);
  EXPECT_EQ(doc["exportedAt"], "1970-01-02T00:00:00.000Z");
  EXPECT_EQ(doc["user"]["email"], "jane@example.com");
  EXPECT_EQ(doc["user"]["hasAccount"], true);
  EXPECT_FALSE(doc.dump().find("argon2") != std::string::npos);
  ASSERT_EQ(doc["games"].size(), 2u);
  EXPECT_EQ(doc["games"][1]["rounds"][0]["roundIndex"], 0);
  EXPECT_EQ(doc["games"][0]["rounds"], "not json");  // corrupt text exported as text
  EXPECT_EQ(doc["consents"][0]["ip"], "10.0.0.1");
  EXPECT_EQ(doc["auditLog"][0]["details"]["adoptedVisitor"], true);
  EXPECT_EQ(doc["refreshSessions"], 2);
}

TEST(ExportDocument, LegacyShape) {
  auto legacy = legacy_export_data(sample(), 0);
  for (auto key : {"user_id", "export_date", "personal_data", "activity_logs", "consents"}) {
    EXPECT_TRUE(legacy.contains(key)) << key;
  }
  EXPECT_EQ(legacy["personal_data"]["email"], "jane@example.com");
}

TEST(ExportDocument, UnverifiedAccountsSeeOnlyTheirOwnGames) {
  auto d = sample();
  drop_unverified_history(d);
  ASSERT_EQ(d.games.size(), 1u);
  EXPECT_EQ(d.games[0].session_id, "account-game");
  auto verified = sample();
  verified.user.email_verified = true;
  drop_unverified_history(verified);
  EXPECT_EQ(verified.games.size(), 2u);
}

}  // namespace
}  // namespace jm::domain
