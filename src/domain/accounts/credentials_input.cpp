#include "domain/accounts/credentials_input.hpp"

#include <algorithm>

#include "domain/results/text_rules.hpp"

namespace jm::domain {

namespace {

using json = nlohmann::json;

const json* field(const json& body, const char* name) {
  if (!body.is_object()) return nullptr;
  auto it = body.find(name);
  return it == body.end() ? nullptr : &*it;
}

std::variant<std::string, FieldError> email_field(const json& body) {
  const json* raw = field(body, "email");
  if (!raw || !raw->is_string()) return FieldError{"email", "Email is required"};
  auto email = normalise_email(raw->get<std::string>());
  if (!email) return FieldError{"email", "Invalid email format"};
  return *email;
}

}  // namespace

std::optional<std::string> password_problem(const std::string& password) {
  if (password.size() < kMinPasswordChars) {
    return "Password must be at least " + std::to_string(kMinPasswordChars) + " characters";
  }
  if (password.size() > kMaxPasswordBytes) {
    return "Password must be at most " + std::to_string(kMaxPasswordBytes) + " bytes";
  }
  if (std::all_of(password.begin(), password.end(), [&](char c) { return c == password[0]; })) {
    return "Password must not repeat one character";
  }
  return std::nullopt;
}

std::variant<Registration, FieldError> parse_registration(const json& body) {
  Registration out;
  const json* name = field(body, "name");
  if (!name || !name->is_string()) return FieldError{"name", "Name is required"};
  out.name = trim(name->get<std::string>());
  if (!is_valid_person_name(out.name)) return FieldError{"name", "Invalid name format"};
  auto email = email_field(body);
  if (auto* error = std::get_if<FieldError>(&email)) return *error;
  out.email = std::get<std::string>(email);
  const json* password = field(body, "password");
  if (!password || !password->is_string()) return FieldError{"password", "Password is required"};
  out.password = password->get<std::string>();
  if (auto problem = password_problem(out.password)) return FieldError{"password", *problem};
  return out;
}

std::variant<LoginInput, FieldError> parse_login(const json& body) {
  LoginInput out;
  auto email = email_field(body);
  if (auto* error = std::get_if<FieldError>(&email)) return *error;
  out.email = std::get<std::string>(email);
  const json* password = field(body, "password");
  if (!password || !password->is_string() || password->get_ref<const std::string&>().empty()) {
    return FieldError{"password", "Password is required"};
  }
  out.password = password->get<std::string>();
  if (out.password.size() > kMaxPasswordBytes) {
    return FieldError{"password", "Password is too long"};
  }
  return out;
}

bool is_consent_type(std::string_view type) {
  return std::any_of(std::begin(kConsentTypes), std::end(kConsentTypes),
                     [&](const char* t) { return type == t; });
}

}  // namespace jm::domain
