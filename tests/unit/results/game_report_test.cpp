#include "domain/results/game_report.hpp"

#include <gtest/gtest.h>

#include "domain/results/text_rules.hpp"

namespace jm::domain {
namespace {

using json = nlohmann::json;

json valid_body() {
  return {{"name", "Jane Doe"},
          {"email", "  Jane@Example.COM "},
          {"gameType", "journeyman"},
          {"mode", "challenge"},
          {"durationInSeconds", 95},
          {"guesses", {"Josh McCown", "Ryan Fitzpatrick"}},
          {"correctCount", 1},
          {"sharedOnSocial", true},
          {"sessionId", "journeyman_1700000000000_abc123xyz"}};
}

std::string field_of(const json& body) {
  auto r = validate_game_report(body, 1000, "fallback");
  auto* e = std::get_if<FieldError>(&r);
  return e ? e->field : "";
}

TEST(GameReport, AcceptsTheOriginalClientPayload) {
  auto body = valid_body();
  body["gameSpecificData"] = {{"currentPlayerIndex", 1}, {"$where", "x"}, {"a.b", 1}};
  body["analyticsData"] = {{"gameCompletionStatus", "completed"}};
  auto r = validate_game_report(body, 1234, "fallback");
  ASSERT_TRUE(std::holds_alternative<store::NewGame>(r));
  const auto& g = std::get<store::NewGame>(r);
  EXPECT_EQ(g.email, "jane@example.com");
  EXPECT_EQ(g.player_name, "Jane Doe");
  EXPECT_EQ(g.mode, "challenge");
  EXPECT_EQ(g.guess_count, 2);
  EXPECT_EQ(g.correct_count, 1);
  EXPECT_TRUE(g.completed);
  EXPECT_EQ(g.created_at_ms, 1234);
  EXPECT_EQ(g.source, "client");
  auto meta = json::parse(g.metadata_json);
  EXPECT_EQ(meta["gameSpecificData"]["currentPlayerIndex"], 1);
  EXPECT_FALSE(meta["gameSpecificData"].contains("$where"));
  EXPECT_FALSE(meta["gameSpecificData"].contains("a.b"));
}

TEST(GameReport, MinimalRegistrationUsesDefaults) {
  auto r = validate_game_report({{"name", "Jane Doe"}, {"email", "jane@example.com"}}, 1, "fb_1");
  ASSERT_TRUE(std::holds_alternative<store::NewGame>(r));
  const auto& g = std::get<store::NewGame>(r);
  EXPECT_EQ(g.session_id, "fb_1");
  EXPECT_EQ(g.game_type, "journeyman");
  EXPECT_FALSE(g.correct_count.has_value());
}

TEST(GameReport, LegacyGameTypeNamesTheMode) {
  auto body = valid_body();
  body.erase("mode");
  body["gameType"] = "easy";
  auto r = validate_game_report(body, 1, "x");
  EXPECT_EQ(std::get<store::NewGame>(r).mode, "easy");
}

TEST(GameReport, EachBadFieldIsNamed) {
  struct Case {
    const char* field;
    json value;
  };
  const Case cases[] = {
      {"name", ""},
      {"name", 42},
      {"name", std::string(101, 'a')},
      {"name", "admin'--"},
      {"name", "<script>alert(1)</script>"},
      {"name", "Robert'); DROP TABLE"},
      {"email", "not-an-email"},
      {"email", "a@b"},
      {"email", std::string(250, 'a') + "@x.com"},
      {"gameType", "chess"},
      {"mode", "hard"},
      {"durationInSeconds", -1},
      {"durationInSeconds", 86401},
      {"durationInSeconds", 1.5},
      {"durationInSeconds", "10"},
      {"guesses", "Josh"},
      {"guesses", json::array({1})},
      {"guesses", json::array({std::string(201, 'g')})},
      {"correctCount", 3},
      {"correctCount", -1},
      {"sharedOnSocial", "yes"},
      {"sessionId", "has space"},
      {"sessionId", std::string(129, 'a')},
      {"gameSpecificData", json::parse(R"({"a":{"b":{"c":{"d":{"e":{"f":{"g":1}}}}}}})")},
      {"browserInfo", {{"blob", std::string(9000, 'x')}}},
  };
  for (const auto& c : cases) {
    auto body = valid_body();
    body[c.field] = c.value;
    EXPECT_EQ(field_of(body), c.field) << c.field << " = " << c.value.dump().substr(0, 60);
  }
  auto too_many = valid_body();
  too_many["guesses"] = json::array();
  for (int i = 0; i < 101; ++i) too_many["guesses"].push_back("g");
  EXPECT_EQ(field_of(too_many), "guesses");
}

TEST(GameReport, MissingRequiredFields) {
  EXPECT_EQ(field_of({{"email", "jane@example.com"}}), "name");
  EXPECT_EQ(field_of({{"name", "Jane"}}), "email");
  EXPECT_EQ(field_of(json::array()), "body");
}

TEST(TextRules, NamesFromManyScriptsAndPunctuation) {
  for (const char* ok :
       {"O'Brien", "D'Andre Swift", "Ja’Marr Chase", "Jean-Luc Picard", "José Núñez",
        "Zoë Ødegaard", "Steve Smith Sr.", "Дмитрий", "山田太郎", "A"}) {
    EXPECT_TRUE(is_valid_person_name(ok)) << ok;
  }
  for (const char* bad : {"", "a--b", "<b>x</b>", "x=1", "1234", "Robert; DROP", "${7*7}", "'''"}) {
    EXPECT_FALSE(is_valid_person_name(bad)) << bad;
  }
  EXPECT_FALSE(is_valid_person_name("\xC3\x28"));  // invalid UTF-8
}

TEST(TextRules, EmailShape) {
  EXPECT_EQ(normalise_email(" Jane.Doe+tag@Example.co.uk ").value(), "jane.doe+tag@example.co.uk");
  for (const char* bad : {"plain", "@x.com", "a@", "a@x", "a..b@x.com", ".a@x.com", "a@-x.com",
                          "a@x-.com", "a b@x.com", "a@x..com"}) {
    EXPECT_FALSE(normalise_email(bad).has_value()) << bad;
  }
}

TEST(GameReport, WithoutClientAnalyticsKeepsTheGameAndDropsTheTracking) {
  auto kept = nlohmann::json::parse(without_client_analytics(
      R"({"gameSpecificData":{"puzzle":4},"analyticsData":{"screen":"1x1"},)"
      R"("browserInfo":{"ua":"x"},"sessionInfo":{"tab":1},"clientTimestamp":{"iso":"t"}})"));
  EXPECT_EQ(kept, nlohmann::json::parse(
                      R"({"gameSpecificData":{"puzzle":4},"clientTimestamp":{"iso":"t"}})"));
  EXPECT_EQ(without_client_analytics("{}"), "{}");
  EXPECT_EQ(without_client_analytics("not json"), "{}");
}

}  // namespace
}  // namespace jm::domain
