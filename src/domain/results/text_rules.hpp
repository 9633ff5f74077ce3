#pragma once
// Input rules for people's names and e-mail addresses, shared by every endpoint
// that accepts them.
#include <optional>
#include <string>
#include <string_view>

namespace jm::domain {

// Decodes UTF-8; nullopt when the bytes are not valid UTF-8.
std::optional<std::u32string> decode_utf8(std::string_view text);

// A person's name: 1–100 characters after trimming, made of letters (any script),
// combining marks, spaces, apostrophes (' or ’), hyphens and periods; no "--".
bool is_valid_person_name(std::string_view trimmed);

// Trims and lower-cases an address and checks its shape: local@domain.tld, ≤ 254
// bytes, local part ≤ 64 of the RFC 5322 atom characters without leading, trailing or
// doubled dots, domain labels of 1–63 letters/digits/hyphens (no hyphen at an end).
std::optional<std::string> normalise_email(std::string_view raw);

std::string trim(std::string_view text);

}  // namespace jm::domain
