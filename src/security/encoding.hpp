#pragma once
// Text encodings for binary data (keys, tokens, ciphertexts). Decoders are strict:
// one accepted spelling per byte string (no whitespace, no stray padding, unused
// trailing bits must be zero), so a token cannot be altered without changing its bytes.
#include <optional>
#include <string>
#include <string_view>

namespace jm::security {

// RFC 4648 §4, "+/" alphabet, '=' padding required.
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

// RFC 4648 §5, "-_" alphabet, no padding (JWT, envelopes, tokens in URLs).
std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

// "-_" alphabet with '=' padding required (Python's urlsafe_b64encode, Fernet).
std::string base64url_padded_encode(std::string_view bytes);
std::optional<std::string> base64url_padded_decode(std::string_view text);

// Lower-case hex; the decoder accepts either case and rejects odd lengths.
std::string hex_encode(std::string_view bytes);
std::optional<std::string> hex_decode(std::string_view text);

}  // namespace jm::security
