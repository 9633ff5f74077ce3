// POST /api/encrypt and POST /api/decrypt (admin): field encryption as a service for
// operators and for migrating the original service's data. Encrypt writes an
// AES-256-GCM envelope with the current key id (or, with "format":"fernet", a token
// the original could read); decrypt reads envelopes of any known key id and, when the
// original's passphrase and salt are configured, its Fernet tokens.
#include "api/routes.hpp"
#include "http/errors.hpp"
#include "security/aead.hpp"
#include "security/fernet.hpp"
#include "security/secrets.hpp"

namespace jm::api {

namespace {

using http::Request;
using http::Response;
using http::Status;
using json = nlohmann::json;
using Awaitable = boost::asio::awaitable<Response>;

constexpr std::size_t kMaxText = 64 * 1024;
constexpr std::string_view kAad = "journeyman:api";

std::optional<std::string> string_field(const Request& req, const char* name) {
  if (!req.json || !req.json->is_object()) return std::nullopt;
  auto it = req.json->find(name);
  if (it == req.json->end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

Response bad_field(const Request& req, const char* field, const char* message) {
  return http::error_response(req, Status::bad_request, "invalid_field", message, field);
}

Awaitable encrypt(Request& req, Context& ctx) {
  auto plaintext = string_field(req, "plaintext");
  if (!plaintext) co_return bad_field(req, "plaintext", "plaintext must be a string");
  if (plaintext->size() > kMaxText) co_return bad_field(req, "plaintext", "plaintext too long");
  auto format = string_field(req, "format").value_or("envelope");
  std::string encrypted;
  if (format == "fernet") {
    if (!ctx.secrets->legacy_fernet_key) {
      co_return bad_field(req, "format", "Fernet is not configured on this server");
    }
    encrypted = plaintext->empty()
                    ? ""
                    : security::fernet_encrypt(*ctx.secrets->legacy_fernet_key, *plaintext,
                                               ctx.clock.now_ms() / 1000);
  } else if (format == "envelope") {
    encrypted = security::seal(ctx.secrets->field_keys, *plaintext, kAad);
  } else {
    co_return bad_field(req, "format", "format must be envelope or fernet");
  }
  co_return http::json_response(req, Status::ok,
                                {{"success", true}, {"encrypted", encrypted}, {"format", format}});
}

Awaitable decrypt(Request& req, Context& ctx) {
  auto ciphertext = string_field(req, "ciphertext");
  if (!ciphertext) co_return bad_field(req, "ciphertext", "ciphertext must be a string");
  if (ciphertext->size() > 2 * kMaxText) {
    co_return bad_field(req, "ciphertext", "ciphertext too long");
  }
  if (ciphertext->empty()) {
    co_return http::json_response(req, Status::ok, {{"success", true}, {"decrypted", ""}});
  }
  if (security::is_envelope(*ciphertext)) {
    auto opened = security::open(ctx.secrets->field_keys, *ciphertext, kAad);
    if (opened.error == security::OpenError::unknown_key) {
      co_return bad_field(req, "ciphertext", "Encrypted with a key this server does not have");
    }
    if (opened.error != security::OpenError::none) {
      co_return bad_field(req, "ciphertext", "Invalid or tampered ciphertext");
    }
    co_return http::json_response(req, Status::ok,
                                  {{"success", true}, {"decrypted", opened.plaintext}});
  }
  if (!ctx.secrets->legacy_fernet_key) {
    co_return bad_field(req, "ciphertext", "Invalid or tampered ciphertext");
  }
  auto legacy = security::fernet_decrypt(*ctx.secrets->legacy_fernet_key, *ciphertext);
  if (legacy.error != security::FernetError::none) {
    co_return bad_field(req, "ciphertext", "Invalid or tampered ciphertext");
  }
  co_return http::json_response(req, Status::ok,
                                {{"success", true}, {"decrypted", legacy.plaintext}});
}

}  // namespace

void register_crypto_routes(http::Router& router, Context& ctx) {
  http::RouteOptions o;
  o.error_style = http::ErrorStyle::legacy;
  o.access = http::Access::admin;
  o.rate_class = "crypto";
  o.resource_type = "crypto";
  o.audit_action = "crypto.encrypt";
  router.add(
      http::Verb::post, "/api/encrypt", [&ctx](Request& req) { return encrypt(req, ctx); }, o);
  o.audit_action = "crypto.decrypt";
  router.add(
      http::Verb::post, "/api/decrypt", [&ctx](Request& req) { return decrypt(req, ctx); }, o);
}

}  // namespace jm::api
