#include "domain/accounts/credentials_input.hpp"

#include <gtest/gtest.h>

namespace jm::domain {
namespace {

using json = nlohmann::json;

std::string field_of(const std::variant<Registration, FieldError>& r) {
  auto* e = std::get_if<FieldError>(&r);
  return e ? e->field : "";
}

TEST(Registration, AcceptsAndNormalises) {
  auto r = parse_registration({{"name", "  D'Andre O'Brien "},
                               {"email", " DAndre@Example.COM "},
                               {"password", "ten chars!"}});
  ASSERT_TRUE(std::holds_alternative<Registration>(r));
  const auto& reg = std::get<Registration>(r);
  EXPECT_EQ(reg.name, "D'Andre O'Brien");
  EXPECT_EQ(reg.email, "dandre@example.com");
  EXPECT_EQ(reg.password, "ten chars!");
}

TEST(Registration, NamesTheFirstBadField) {
  const json ok_pw = "a good password";
  EXPECT_EQ(field_of(parse_registration(json::array())), "name");
  EXPECT_EQ(field_of(parse_registration({{"email", "a@b.co"}, {"password", ok_pw}})), "name");
  EXPECT_EQ(field_of(parse_registration({{"name", 7}, {"email", "a@b.co"}, {"password", ok_pw}})),
            "name");
  EXPECT_EQ(field_of(parse_registration(
                {{"name", "<script>"}, {"email", "a@b.co"}, {"password", ok_pw}})),
            "name");
  EXPECT_EQ(field_of(parse_registration({{"name", "Ann"}, {"email", "nope"}, {"password", ok_pw}})),
            "email");
  EXPECT_EQ(field_of(parse_registration({{"name", "Ann"}, {"email", "a@b.co"}})), "password");
  EXPECT_EQ(field_of(parse_registration({{"name", "Ann"}, {"email", "a@b.co"}, {"password", 12}})),
            "password");
}

TEST(Password, Rules) {
  EXPECT_TRUE(password_problem("123456789").has_value());  // 9 chars
  EXPECT_FALSE(password_problem("1234567890").has_value());
  EXPECT_TRUE(password_problem("aaaaaaaaaaaa").has_value());
  EXPECT_TRUE(password_problem(std::string(129, 'x') + "y").has_value());
  EXPECT_FALSE(password_problem(std::string(127, 'x') + "y").has_value());
}

TEST(Login, NeedsAnEmailAndAPassword) {
  EXPECT_TRUE(std::holds_alternative<LoginInput>(
      parse_login({{"email", "A@B.co"}, {"password", "anything"}})));
  EXPECT_EQ(std::get<LoginInput>(parse_login({{"email", "A@B.co"}, {"password", "x"}})).email,
            "a@b.co");
  for (const json& bad : {json{{"password", "x"}}, json{{"email", "a@b.co"}},
                          json{{"email", "a@b.co"}, {"password", ""}},
                          json{{"email", "a@b.co"}, {"password", std::string(200, 'p')}}}) {
    EXPECT_TRUE(std::holds_alternative<FieldError>(parse_login(bad))) << bad.dump();
  }
}

TEST(Consent, TypesOfTheOriginal) {
  for (auto t : {"essential", "analytics", "marketing", "third_party"}) {
    EXPECT_TRUE(is_consent_type(t));
  }
  EXPECT_FALSE(is_consent_type("thirdparty"));
  EXPECT_FALSE(is_consent_type(""));
}

}  // namespace
}  // namespace jm::domain
