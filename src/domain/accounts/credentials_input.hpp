#pragma once
// Validation of what people type into the sign-up and sign-in forms. Pure: JSON in,
// clean values or the first problem (with the field it concerns) out.
#include <nlohmann/json.hpp>
#include <string>
#include <variant>

#include "domain/results/game_report.hpp"  // FieldError

namespace jm::domain {

inline constexpr std::size_t kMinPasswordChars = 10;
inline constexpr std::size_t kMaxPasswordBytes = 128;

struct Registration {
  std::string name;
  std::string email;  // trimmed, lower-cased
  std::string password;
};

struct LoginInput {
  std::string email;
  std::string password;
};

std::variant<Registration, FieldError> parse_registration(const nlohmann::json& body);
std::variant<LoginInput, FieldError> parse_login(const nlohmann::json& body);

// Password rule alone (also used by the CLI): 10–128 bytes, not all one character.
std::optional<std::string> password_problem(const std::string& password);

// Consent types of the original service, in display order.
inline constexpr const char* kConsentTypes[] = {"essential", "analytics", "marketing",
                                                "third_party"};
bool is_consent_type(std::string_view type);

}  // namespace jm::domain
